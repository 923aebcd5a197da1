export const reviewTypeDefs = /* GraphQL */ `
  "The pair-viewer view a comment on an image was written at: zoom (1–64) and centre (fractions of the image)."
  type CommentView {
    z: Float!
    cx: Float!
    cy: Float!
  }

  input CommentViewInput {
    z: Float!
    cx: Float!
    cy: Float!
  }

  type Comment {
    id: ID!
    body: String!
    "Iteration of the attack the comment is about."
    step: Int
    "Only on comments about an image: the view it was written at, for a permalink to it."
    view: CommentView
    author: User!
    image: Image
    run: Run!
    createdAt: DateTime!
    updatedAt: DateTime!
  }

  type CommentEdge {
    cursor: String!
    node: Comment!
  }

  type CommentConnection {
    edges: [CommentEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  "A reviewer's judgement whether the perturbation of one adversarial image is visible."
  type VisibilityRating {
    id: ID!
    visible: Boolean!
    user: User!
    createdAt: DateTime!
    updatedAt: DateTime!
  }

  enum CommentOrder {
    OLDEST_FIRST
    NEWEST_FIRST
  }

  extend type Run {
    "Oldest first unless order says otherwise; with imageId only that image's."
    comments(imageId: ID, order: CommentOrder = OLDEST_FIRST, first: Int, after: String): CommentConnection!
  }

  extend type ImageResult {
    ratings: [VisibilityRating!]!
    "The viewer's own rating of this result, or null."
    myRating: VisibilityRating
  }

  extend type Query {
    comments(runId: ID!, imageId: ID, order: CommentOrder = OLDEST_FIRST, first: Int, after: String): CommentConnection!
  }

  extend type Mutation {
    "MEMBER+."
    addComment(runId: ID!, imageId: ID, step: Int, body: String!, view: CommentViewInput): Comment!
    "MEMBER+: one rating per reviewer per image result (rating again replaces it)."
    rateVisibility(imageResultId: ID!, visible: Boolean!): VisibilityRating!
  }
`;
