/** The tree-sitter syntax tree that tpa check reads HCL into. */
import type { Node } from "web-tree-sitter";

export type SyntaxNode = Node;

/** The named children of a node (the binding types them as possibly null). */
export function named(node: SyntaxNode | null | undefined): SyntaxNode[] {
  return (node?.namedChildren ?? []).filter((c): c is SyntaxNode => c !== null);
}
