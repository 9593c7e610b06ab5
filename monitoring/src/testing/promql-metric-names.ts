import { parser } from '@prometheus-io/lezer-promql';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** The metrics one PromQL expression reads: names written out, and `__name__` regexes. */
export interface PromqlMetrics {
  names: string[];
  nameRegexes: RegExp[];
}

/**
 * Parses a PromQL expression with Prometheus's own grammar (@prometheus-io/lezer-promql) and lists
 * the metrics it selects. Throws on a syntax error, naming the position and the text around it.
 */
export function promqlMetrics(expr: string): PromqlMetrics {
  const tree = parser.parse(expr);
  const names = new Set<string>();
  const nameRegexes: RegExp[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) {
        throw new Error(`PromQL syntax error at ${node.from}: ...${expr.slice(Math.max(0, node.from - 20), node.from + 20)}... in ${expr}`);
      }
      if (node.name !== 'VectorSelector') return;
      const identifier = node.node.getChild('Identifier');
      if (identifier) names.add(expr.slice(identifier.from, identifier.to));
      for (const matcher of matchersOf(node.node)) {
        const label = matcher.getChild('LabelName');
        const op = matcher.getChild('MatchOp')?.firstChild?.name;
        const value = matcher.getChild('StringLiteral');
        if (!label || !value || expr.slice(label.from, label.to) !== '__name__') continue;
        const text = JSON.parse(expr.slice(value.from, value.to).replace(/^'|'$/g, '"')) as string;
        if (op === 'EqlSingle') names.add(text);
        else if (op === 'EqlRegex') nameRegexes.push(new RegExp(`^(?:${text})$`));
        else throw new Error(`PromQL: a negative __name__ matcher selects unknown metrics: ${expr}`);
      }
    },
  });
  return { names: [...names], nameRegexes };
}

function matchersOf(selector: SyntaxNode): SyntaxNode[] {
  const matchers = selector.getChild('LabelMatchers');
  return matchers ? [...matchers.getChildren('UnquotedLabelMatcher'), ...matchers.getChildren('QuotedLabelMatcher')] : [];
}
