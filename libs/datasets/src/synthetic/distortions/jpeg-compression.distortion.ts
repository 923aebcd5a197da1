import sharp from 'sharp';
import { rgbImageFromBytes, rgbImageToBytes } from '../../image-io/rgb-bytes';
import { type RgbImage } from '../../image-io/rgb-image';
import { type SyntheticDistortion } from './synthetic-distortion';

/** JPEG round trip through sharp (libjpeg-turbo/mozjpeg, 4:2:0) at an integer quality 1–100. */
export async function jpegRoundTrip(image: RgbImage, quality: number): Promise<RgbImage> {
  const { width, height } = image;
  const jpeg = await sharp(rgbImageToBytes(image), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: Math.round(quality), chromaSubsampling: '4:2:0', mozjpeg: false })
    .toBuffer();
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  return rgbImageFromBytes(data, info.width, info.height);
}

export const jpegCompressionDistortion: SyntheticDistortion<'jpeg'> = {
  id: 'jpeg',
  description: 'JPEG compression (sharp, 4:2:0 chroma subsampling)',
  parameterName: 'quality (1–100)',
  parameter: (s) => Math.max(5, Math.round(85 * (1 - s) ** 1.3 + 5)),
  weight: 0.9,
  apply: (image, quality) => jpegRoundTrip(image, quality),
};
