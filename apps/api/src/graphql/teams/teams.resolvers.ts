import type { TeamWithRole } from '../../services/access.service';
import type { ResolverMap } from '../build-schema';
import type { ApiContext } from '../context';
import { createdAtCursorOf, parseCreatedAtPage, toConnection } from '../pagination';
import { changeRoleArgs, createTeamArgs, inviteMemberArgs, memberArgs, teamIdArgs, teamSlugArgs } from './teams.inputs';

export const teamsResolvers: ResolverMap = {
  Query: {
    team: (_parent: unknown, args: unknown, { services }: ApiContext) => services.teams.teamBySlug(teamSlugArgs.parse(args).slug),
  },
  Team: {
    members: async (team: TeamWithRole, args: unknown, { services }: ApiContext) => {
      const { page, total } = await services.teams.members(team.id, parseCreatedAtPage(args));
      return toConnection(page, createdAtCursorOf, total);
    },
  },
  Mutation: {
    createTeam: (_parent: unknown, args: unknown, { services }: ApiContext) => services.teams.createTeam(createTeamArgs.parse(args)),
    inviteMember: (_parent: unknown, args: unknown, { services }: ApiContext) => services.teams.inviteMember(inviteMemberArgs.parse(args)),
    changeRole: (_parent: unknown, args: unknown, { services }: ApiContext) => services.teams.changeRole(changeRoleArgs.parse(args)),
    removeMember: (_parent: unknown, args: unknown, { services }: ApiContext) => services.teams.removeMember(memberArgs.parse(args)),
    deleteTeam: (_parent: unknown, args: unknown, { services }: ApiContext) => services.teams.deleteTeam(teamIdArgs.parse(args).teamId),
  },
};
