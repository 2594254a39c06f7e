/**
 * The core's front door, in the manner of vscode-json-languageservice's `getLanguageService(params)`:
 * one object, made with its options, through which the language server and the CLI parse, check,
 * group, link and simulate. It holds no registry of its own: the schemas are the bundled ones, registered
 * once when core/schema.ts loads (so no registration invalidates compiled validators halfway through a
 * run), and a template's reading is a field of its ModelDocument (`templateInfo(document)`), set by the
 * template reader. The free functions exported from core/index.ts remain for tests and scripts.
 */
import { templateInfo, type TemplateInfo } from './cloudformation/template';
import type { CoreDiagnostic } from './diagnostics';
import {
  formatFor,
  parseDocument,
  parseTerraformModule,
  undecodableDocument,
  unrecognisedSyntaxDiagnostics,
  type ParseOptions,
  type TextFormat,
} from './documents';
import { evaluateRequest, sharedEvaluation, simulate, type EvaluateOptions } from './evaluate/index';
import type { SimulationRequest, SimulationResult } from './evaluate/types';
import type { IdentityPoolModel, ModelDocument } from './model';
import {
  choosePool,
  diagnosticsOfPool,
  groupDocumentsByPool,
  groupOfDocument,
  linkPools,
  poolAtPosition,
  poolContainingPosition,
  poolsOfDocument,
  type PoolChoice,
  type PoolChoiceWording,
  type UriKey,
} from './pools';
import type { Location, Position, Range } from './positions';
import type { ParsedText } from './syntax';
import { terraformDiagnosticsByFile, terraformLayoutOf, terraformLocation, type TerraformFile, type TerraformLayout } from './terraform/index';
import { checkDocuments } from './validate/index';
import { precompileSchemas } from './validate/shape';

export interface RoleMappingCoreOptions {
  /**
   * Values for CloudFormation template parameters by name (what `--parameter` gives), used for every
   * template this core parses unless a call passes its own.
   */
  templateParameters?: Readonly<Record<string, string>>;
}

export interface RoleMappingCore {
  readonly options: Readonly<RoleMappingCoreOptions>;
  /** Parses a document into the model; `previous` (the same document's last parse) makes small edits cheap. */
  parseDocument(uri: string, text: string, format?: TextFormat, previous?: ParsedText, options?: ParseOptions): ModelDocument;
  /**
   * The `.tf` files of one folder (a Terraform module) as one document named `moduleUri`; its ranges are in the
   * files' joined text: `terraformDiagnosticsByFile` and `terraformLocation` give each file its own. Needs
   * `loadTerraformParser` to have finished (until then: one diagnostic saying so).
   */
  parseTerraformModule(moduleUri: string, files: readonly TerraformFile[], options?: ParseOptions): ModelDocument;
  /** A Terraform parse's files and resources (undefined for JSON and YAML). */
  terraformLayoutOf(parsed: ParsedText): TerraformLayout | undefined;
  /** A Terraform module document's diagnostics, each moved into the file it points into. */
  terraformDiagnosticsByFile(parsed: ParsedText, moduleUri: string, diagnostics: readonly CoreDiagnostic[]): Map<string, CoreDiagnostic[]>;
  /** Where a range of a Terraform module document is: its file and the range in that file. */
  terraformLocation(parsed: ParsedText, range: Range): Location | undefined;
  /** A file whose bytes are not text: one `encoding` diagnostic. */
  undecodableDocument(uri: string, problem: string): ModelDocument;
  /** The syntax errors of a document that was not recognised (the CLI reports them). */
  unrecognisedSyntaxDiagnostics(document: ModelDocument): CoreDiagnostic[];
  /** Checks documents together as one group; diagnostics by uri. */
  checkDocuments(documents: readonly ModelDocument[]): Map<string, CoreDiagnostic[]>;
  /** Checks each group of documents that share an IdentityPoolId, as `check FILE...` does; diagnostics by uri. */
  checkGroups(documents: readonly ModelDocument[]): Map<string, CoreDiagnostic[]>;
  groupDocumentsByPool(documents: readonly ModelDocument[]): ModelDocument[][];
  groupOfDocument(
    documents: readonly ModelDocument[],
    document: ModelDocument,
    sameDocument?: (a: ModelDocument, b: ModelDocument) => boolean,
  ): ModelDocument[];
  linkPools(documents: readonly ModelDocument[]): IdentityPoolModel[];
  /** The pool to simulate (throws PoolChoiceError with a sentence for the user). */
  choosePool(
    rolesDocument: ModelDocument,
    poolDocument: ModelDocument | undefined,
    logicalId: string | undefined,
    wording?: Partial<PoolChoiceWording>,
  ): PoolChoice;
  diagnosticsOfPool(documents: readonly ModelDocument[], diagnosticsOf: (uri: string) => readonly CoreDiagnostic[], pool: IdentityPoolModel): CoreDiagnostic[];
  poolsOfDocument(pools: readonly IdentityPoolModel[], uri: string, key?: UriKey): IdentityPoolModel[];
  poolAtPosition(pools: readonly IdentityPoolModel[], uri: string, position: Position, key?: UriKey): IdentityPoolModel | undefined;
  /** The pool whose resources in `uri` hold the position; undefined when none does (no fallback to the first). */
  poolContainingPosition(pools: readonly IdentityPoolModel[], uri: string, position: Position, key?: UriKey): IdentityPoolModel | undefined;
  /** What reading a template found (parameters, resources, resolver), or undefined for other documents. */
  templateInfo(document: ModelDocument): TemplateInfo | undefined;
  /** GetCredentialsForIdentity for one pool, the token's signature checked when the request has a JWKS. */
  simulate(pool: IdentityPoolModel, request: SimulationRequest, options?: EvaluateOptions): Promise<SimulationResult>;
  /** The same, synchronously and without a signature check. */
  evaluate(pool: IdentityPoolModel, request: SimulationRequest, options?: EvaluateOptions): SimulationResult;
  /** What simulating one request against many pools can share (the token decoded and verified once). */
  sharedEvaluation(request: SimulationRequest): Promise<Pick<EvaluateOptions, 'decoded' | 'signature'>>;
  /** Compiles every schema now, so that the first check does not pay for it (a long-lived host calls it when idle). */
  warmUp(): void;
}

export function createRoleMappingCore(options: RoleMappingCoreOptions = {}): RoleMappingCore {
  const parseOptions = (given: ParseOptions | undefined): ParseOptions =>
    given ?? (options.templateParameters ? { templateParameters: options.templateParameters } : {});
  return {
    options,
    parseDocument: (uri, text, format = formatFor(uri, text), previous, given) => parseDocument(uri, text, format, previous, parseOptions(given)),
    parseTerraformModule: (moduleUri, files, given) => parseTerraformModule(moduleUri, files, parseOptions(given)),
    terraformLayoutOf,
    terraformDiagnosticsByFile,
    terraformLocation,
    undecodableDocument,
    unrecognisedSyntaxDiagnostics,
    checkDocuments,
    checkGroups(documents) {
      const result = new Map<string, CoreDiagnostic[]>();
      for (const group of groupDocumentsByPool(documents)) for (const [uri, list] of checkDocuments(group)) result.set(uri, list);
      return result;
    },
    groupDocumentsByPool,
    groupOfDocument,
    linkPools,
    choosePool,
    diagnosticsOfPool,
    poolsOfDocument,
    poolAtPosition,
    poolContainingPosition,
    templateInfo,
    simulate,
    evaluate: evaluateRequest,
    sharedEvaluation,
    warmUp: precompileSchemas,
  };
}
