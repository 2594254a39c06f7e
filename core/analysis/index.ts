/** The exact analysis of role mappings (issue 13): rule reachability, who can become each role, and diffs. */
export { analyzeRules, shadowedRules, classifyRule, TOKEN_VALIDATION_CLAIMS } from './rules';
export { solveClaim, solveString, satisfiesAll, type Literal, type ClaimProblem } from './solver';
export * from './pool';
export * from './diff';
