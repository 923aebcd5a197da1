import { buildASTSchema, concatAST, GraphQLScalarType, isObjectType, isScalarType, parse, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { toGraphQLError } from './errors';

/** Any resolver function: modules type their own parent, args and context. */
type AnyResolver = (parent: never, args: never, context: never, info: never) => unknown;
type FieldResolvers = Record<string, AnyResolver | { subscribe: AnyResolver; resolve?: AnyResolver }>;
export type ResolverMap = Record<string, FieldResolvers | GraphQLScalarType>;

function mapErrors<F extends (...args: never[]) => unknown>(resolver: F): F {
  return (async (...args: Parameters<F>) => {
    try {
      return await resolver(...args);
    } catch (error) {
      throw toGraphQLError(error);
    }
  }) as unknown as F;
}

/**
 * Builds the executable schema from the modules' SDL and resolver maps (schema-first), shared by
 * Apollo (HTTP) and graphql-ws. Every resolver is wrapped so domain errors are translated once here;
 * a resolver for a type or field the SDL lacks fails at start-up.
 */
export function buildExecutableSchema(typeDefs: readonly string[], resolverMaps: readonly ResolverMap[]): GraphQLSchema {
  const schema = buildASTSchema(concatAST(typeDefs.map((source) => parse(source))));
  for (const resolvers of resolverMaps) {
    for (const [typeName, fields] of Object.entries(resolvers)) {
      const type = schema.getType(typeName);
      if (!type) throw new Error(`resolvers for ${typeName}, which the schema does not define`);
      if (isScalarType(type)) {
        if (!(fields instanceof GraphQLScalarType)) throw new Error(`scalar ${typeName} needs a GraphQLScalarType`);
        type.serialize = fields.serialize;
        type.parseValue = fields.parseValue;
        type.parseLiteral = fields.parseLiteral;
        continue;
      }
      if (!isObjectType(type) || fields instanceof GraphQLScalarType) throw new Error(`${typeName} is not an object type`);
      const fieldMap = type.getFields();
      for (const [fieldName, resolver] of Object.entries(fields)) {
        const field = fieldMap[fieldName];
        if (!field) throw new Error(`resolver for ${typeName}.${fieldName}, which the schema does not define`);
        if (typeof resolver === 'function') {
          field.resolve = mapErrors(resolver) as GraphQLFieldResolver<unknown, unknown>;
        } else {
          field.subscribe = mapErrors(resolver.subscribe) as GraphQLFieldResolver<unknown, unknown>;
          if (resolver.resolve) field.resolve = mapErrors(resolver.resolve) as GraphQLFieldResolver<unknown, unknown>;
        }
      }
    }
  }
  return schema;
}
