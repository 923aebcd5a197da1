import { describe, expect, it } from 'vitest';
import { DatasetArchiveError } from './dataset-archive-error';
import { locateArchiveDataset, normaliseArchivePath } from './locate-archive-dataset';

const synthetic = { files: ['mos.csv', 'manifest.json', 'images/a.png', 'images/b.png'], folders: ['images'] };
const wrapped = { files: ['koniq/table.csv', 'koniq/1024x768/a.jpg', '__MACOSX/koniq/._table.csv', 'koniq/.hidden.csv'], folders: ['__MACOSX', '__MACOSX/koniq', 'koniq', 'koniq/1024x768'] };

describe('locateArchiveDataset', () => {
  it.each([
    ['the one .csv and the images folder beside it', synthetic, {}, { table: 'mos.csv', images: 'images' }],
    ['the one visible .csv (resource forks and dot-files skipped) and its own folder', wrapped, {}, { table: 'koniq/table.csv', images: 'koniq' }],
    ['explicit paths, ./ and trailing / tolerated', wrapped, { table: './koniq/table.csv', images: 'koniq/1024x768/' }, { table: 'koniq/table.csv', images: 'koniq/1024x768' }],
    ['the archive root as images', synthetic, { images: '.' }, { table: 'mos.csv', images: '' }],
  ])('finds %s', (_what, archive, wanted, expected) => {
    expect(locateArchiveDataset(archive, wanted)).toEqual(expected);
  });

  it.each([
    ['no .csv', { files: ['images/a.png'], folders: ['images'] }, {}, 'ARCHIVE_TABLE_NOT_FOUND', /no \.csv file/],
    ['two .csv', { files: ['a.csv', 'b.csv'], folders: [] }, {}, 'ARCHIVE_TABLE_NOT_FOUND', /2 \.csv files \("a\.csv", "b\.csv"\)/],
    ['a missing table', synthetic, { table: 'other.csv' }, 'ARCHIVE_TABLE_NOT_FOUND', /no file "other\.csv"/],
    ['a missing image folder', synthetic, { images: 'pictures' }, 'ARCHIVE_IMAGES_NOT_FOUND', /no folder "pictures"/],
    ['a traversing table path', synthetic, { table: '../etc/passwd' }, 'ARCHIVE_UNSAFE_NAME', /\.\./],
    ['an absolute image path', synthetic, { images: '/etc' }, 'ARCHIVE_UNSAFE_NAME', /absolute/],
  ])('refuses %s with a coded error', (_what, archive, wanted, code, message) => {
    expect(() => locateArchiveDataset(archive, wanted)).toThrow(DatasetArchiveError);
    expect(() => locateArchiveDataset(archive, wanted)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });

  it('normalises archive paths', () => {
    expect(['', '.', './', 'a/', './a/b/'].map(normaliseArchivePath)).toEqual(['', '', '', 'a', 'a/b']);
    expect(() => normaliseArchivePath('a//b')).toThrow(expect.objectContaining({ code: 'ARCHIVE_UNSAFE_NAME' }));
  });
});
