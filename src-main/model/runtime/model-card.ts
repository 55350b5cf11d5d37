// The model card: one JSON file beside encoder.onnx, predictor.onnx and probe.onnx that says what the model
// reads and writes (dimensions, names, normaliser), how it was made (data, sizes, hyper-parameters) and how
// well it does (metrics). The runtime needs only the interface part, so a model trained elsewhere (e.g.
// LeWM's PyTorch code exported to ONNX) loads with a hand-written card; see models/README.md.
import { z } from 'zod';
import { ErrorCodes, PraxisError } from '../../api';

export const MODEL_CARD_FORMAT = 'praxis-world-model/1';
export const MODEL_CARD_FILE = 'model-card.json';
/** The trained weights by name, beside the ONNX files (to fine-tune from, and to build the fused rollout). */
export const WEIGHTS_FILE = 'weights.safetensors';
export const ONNX_FILES = { encoder: 'encoder.onnx', predictor: 'predictor.onnx', probe: 'probe.onnx' } as const;

const numbers = z.array(z.number());

/** What the runtime relies on; every other field is documentation for people and the Train panel. */
export const modelCardInterface = z.object({
  format: z.literal(MODEL_CARD_FORMAT),
  name: z.string(),
  dims: z.object({
    obsDim: z.number().int().positive(),
    actDim: z.number().int().positive(),
    latentDim: z.number().int().positive(),
    /** Latents of context the predictor takes (its second input axis). */
    history: z.number().int().positive(),
    /** Raw actions per block; a predictor action input is frameskip × actDim wide. */
    frameskip: z.number().int().positive(),
  }),
  obsNames: z.array(z.string()),
  actNames: z.array(z.string()),
  /** Observation dimensions that are joint angles (in `units.joint`). */
  jointDims: z.array(z.number().int().nonnegative()),
  /**
   * The units of the data the model was trained on, one per value (dataset/feature-units.ts), and the unit
   * of its joint dimensions, in which its errors are stated. A card without them predates units and was
   * trained on Praxis's radians.
   */
  units: z.object({ observation: z.array(z.string()), action: z.array(z.string()), joint: z.string() }).optional(),
  fps: z.number().positive(),
  normaliser: z.object({ obsMean: numbers, obsStd: numbers, actMean: numbers, actStd: numbers }),
  /** Whether probe.onnx exists (a model from elsewhere may have none; then nothing is decoded). */
  hasProbe: z.boolean(),
});

export type ModelCardInterface = z.infer<typeof modelCardInterface>;

/** The full card: the interface plus free-form provenance and metrics. */
export type ModelCard = ModelCardInterface & {
  description?: string;
  createdAt?: string;
  architecture?: string;
  config?: unknown;
  train?: unknown;
  data?: unknown;
  metrics?: unknown;
  sizes?: unknown;
  references?: string[];
  [extra: string]: unknown;
};

export function modelCardParse(json: unknown, file = MODEL_CARD_FILE): ModelCard {
  const r = modelCardInterface.safeParse(json);
  if (!r.success) {
    throw new PraxisError(
      ErrorCodes.MODEL_INCOMPATIBLE,
      `${file} is not a Praxis world-model card: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      'Write the card as models/README.md describes, or export the model again with praxis model export.',
      { file },
    );
  }
  const c = json as ModelCard;
  const d = c.dims;
  const bad: string[] = [];
  if (c.obsNames.length !== d.obsDim) bad.push(`obsNames has ${c.obsNames.length} names for ${d.obsDim} dims`);
  if (c.actNames.length !== d.actDim) bad.push(`actNames has ${c.actNames.length} names for ${d.actDim} dims`);
  if (c.normaliser.obsMean.length !== d.obsDim || c.normaliser.obsStd.length !== d.obsDim) bad.push('the observation normaliser does not match obsDim');
  if (c.normaliser.actMean.length !== d.actDim || c.normaliser.actStd.length !== d.actDim) bad.push('the action normaliser does not match actDim');
  if (c.jointDims.some((j) => j >= d.obsDim)) bad.push('a joint dimension is outside the observation');
  if (c.units && (c.units.observation.length !== d.obsDim || c.units.action.length !== d.actDim)) bad.push('units does not give one unit per observation and action value');
  if ([...c.normaliser.obsStd, ...c.normaliser.actStd].some((s) => !(s > 0))) bad.push('a normaliser std is not positive');
  if (bad.length) throw new PraxisError(ErrorCodes.MODEL_INCOMPATIBLE, `${file} contradicts itself: ${bad.join('; ')}`, 'Fix the card so its names and normaliser match its dims.', { file, problems: bad });
  return c;
}

/** The unit a model's joint errors are in: its card's, or radians for a card from before units were kept. */
export function modelJointUnit(card: ModelCardInterface): string {
  return card.units?.joint ?? 'rad';
}
