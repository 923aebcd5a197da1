export const authTypeDefs = /* GraphQL */ `
  type User {
    id: ID!
    email: String!
    name: String!
  }

  type AuthPayload {
    user: User!
  }

  type Viewer {
    user: User!
    "How the request authenticated: USER (session cookie) or TOKEN (API token bound to one team)."
    via: String!
    "The teams this request may reach (a token: only its team, with the token's role)."
    teams: [Team!]!
  }

  extend type Query {
    "Null when the request is not authenticated."
    viewer: Viewer
  }

  extend type Mutation {
    "Creates the account and a personal team (you are its OWNER), and signs in (sets the rankfall_session cookie)."
    signUp(email: String!, name: String!, password: String!): AuthPayload!
    "Signs in (sets the rankfall_session cookie). Failed attempts are rate limited per email and IP."
    signIn(email: String!, password: String!): AuthPayload!
  }
`;
