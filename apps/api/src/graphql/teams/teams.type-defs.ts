export const teamsTypeDefs = /* GraphQL */ `
  type Team {
    id: ID!
    slug: String!
    name: String!
    "The viewer's role in this team."
    role: TeamRole!
    createdAt: DateTime!
    members(first: Int, after: String): MembershipConnection!
  }

  type Membership {
    id: ID!
    role: TeamRole!
    user: User!
    createdAt: DateTime!
  }

  type MembershipEdge {
    cursor: String!
    node: Membership!
  }

  type MembershipConnection {
    edges: [MembershipEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  extend type Query {
    "One of the viewer's teams (NOT_FOUND for any other)."
    team(slug: String!): Team
  }

  extend type Mutation {
    "Creates a team with you as OWNER (needs a session, not an API token)."
    createTeam(slug: String!, name: String!): Team!
    "ADMIN+: adds an existing user by email (BAD_USER_INPUT when nobody has that email). Only an OWNER adds an OWNER."
    inviteMember(teamId: ID!, email: String!, role: TeamRole!): Membership!
    "ADMIN+; only an OWNER grants or takes OWNER. The last OWNER cannot be demoted (CONFLICT)."
    changeRole(teamId: ID!, userId: ID!, role: TeamRole!): Membership!
    "ADMIN+, or yourself (leave). The last OWNER cannot leave (CONFLICT). Revokes the member's tokens of the team."
    removeMember(teamId: ID!, userId: ID!): Boolean!
    "OWNER: deletes the team and everything in it."
    deleteTeam(teamId: ID!): Boolean!
  }
`;
