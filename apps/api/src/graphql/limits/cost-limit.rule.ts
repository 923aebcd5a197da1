import { GraphQLError, Kind, type ASTVisitor, type FieldNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../pagination';

/** How many items a field may return: its `first` (a variable counts as the largest page), else 1. */
function multiplierOf(field: FieldNode): number {
  const first = field.arguments?.find((argument) => argument.name.value === 'first' || argument.name.value === 'bins');
  if (!first) return field.arguments?.some((argument) => argument.name.value === 'after') ? DEFAULT_PAGE_SIZE : 1;
  if (first.value.kind === Kind.INT) return Math.max(1, Number(first.value.value));
  return first.value.kind === Kind.VARIABLE ? MAX_PAGE_SIZE : 1;
}

function costOf(context: ValidationContext, selectionSet: SelectionSetNode | undefined, seen: Set<string>): number {
  if (!selectionSet) return 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const children = costOf(context, selection.selectionSet, seen);
      cost += 1 + multiplierOf(selection) * children;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      cost += costOf(context, selection.selectionSet, seen);
    } else {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      if (!fragment || seen.has(name)) continue;
      cost += costOf(context, fragment.selectionSet, new Set([...seen, name]));
    }
  }
  return cost;
}

/**
 * Static cost: every field costs 1, and what a paginated field selects costs `first` times (the page
 * size, or the largest page when `first` is a variable). Refuses operations above `maxCost` with
 * QUERY_TOO_COMPLEX before anything runs.
 */
export function costLimitRule(maxCost: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const cost = costOf(context, node.selectionSet, new Set());
      if (cost > maxCost) {
        context.reportError(new GraphQLError(`The operation costs ${cost}; the limit is ${maxCost}`, { nodes: [node], extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost } }));
      }
    },
  });
}
