export const imageResultsTypeDefs = /* GraphQL */ `
  "One image of one run."
  type ImageResult {
    id: ID!
    image: Image!
    run: Run!
    cleanScore: Float
    "SMA stage 1's target score."
    targetScore: Float
    "Score of the float adversarial image."
    attackedScoreFloat: Float
    "Score of the 8-bit PNG actually saved (the number reported)."
    attackedScore: Float
    "attackedScore − cleanScore."
    scoreChange: Float
    cleanRank: Float
    attackedRank: Float
    "|attackedRank − cleanRank|."
    rankMoved: Float
    linf: Float
    l2: Float
    psnr: Float
    ssim: Float
    "Score before each iteration and after the last."
    trajectory: [Float!]!
    durationMs: Int
    perturbedAt: DateTime
    "Paths of the artifact routes (same authorization as the API); null while there is no adversarial image."
    cleanUrl: String!
    adversarialUrl: String
    differenceUrl: String
    "Neighbours in the run's results under this filter and order (the order of Run.imageResults)."
    neighbours(filter: ImageResultFilter, orderBy: ImageResultOrder): ImageResultNeighbours!
  }

  "The results before and after one result in a filtered, sorted list of its run (for next / previous)."
  type ImageResultNeighbours {
    previous: ImageResult
    next: ImageResult
    "1-based place in the list; null when the result does not match the filter."
    position: Int
    total: Int!
  }

  type ImageResultEdge {
    cursor: String!
    node: ImageResult!
  }

  type ImageResultConnection {
    edges: [ImageResultEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  "Bounds on a number; every bound given must hold."
  input FloatRange {
    gt: Float
    gte: Float
    lt: Float
    lte: Float
  }

  enum Visibility {
    "At least one reviewer rated the perturbation visible."
    VISIBLE
    "Rated, and no reviewer rated it visible."
    NOT_VISIBLE
    "Nobody rated it yet."
    NOT_RATED
  }

  "Every field given must hold; AND / OR combine nested filters (at most 4 levels, 100 conditions)."
  input ImageResultFilter {
    AND: [ImageResultFilter!]
    OR: [ImageResultFilter!]
    imageKeyIn: [String!]
    imageIdIn: [ID!]
    splitIn: [Split!]
    mos: FloatRange
    cleanScore: FloatRange
    attackedScore: FloatRange
    "|attacked − clean| > x"
    scoreChangeAbsGt: Float
    "|attackedRank − cleanRank| > k"
    rankMovedGt: Float
    visibility: Visibility
  }

  enum ImageResultOrderField {
    KEY
    MOS
    CLEAN_SCORE
    ATTACKED_SCORE
    SCORE_CHANGE
    RANK_MOVED
  }

  "Missing values sort last in either direction."
  input ImageResultOrder {
    field: ImageResultOrderField!
    direction: OrderDirection = ASC
  }

  type HistogramBin {
    lower: Float!
    upper: Float!
    count: Int!
  }

  type Histogram {
    min: Float
    max: Float
    bins: [HistogramBin!]!
  }

  extend type Run {
    imageResults(filter: ImageResultFilter, orderBy: ImageResultOrder, first: Int, after: String): ImageResultConnection!
    "Histogram of attacked − clean over the run's scored images (equal-width bins from min to max; one bin when every change is the same)."
    scoreChangeHistogram(bins: Int = 20): Histogram!
  }

  extend type Query {
    imageResults(runId: ID!, filter: ImageResultFilter, orderBy: ImageResultOrder, first: Int, after: String): ImageResultConnection!
    imageResult(id: ID!): ImageResult
    "Every result of one image across the team's runs, newest run first."
    imageUnderEveryRun(imageId: ID!): [ImageResult!]!
  }
`;
