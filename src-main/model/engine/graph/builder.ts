// The graph builder a model author uses: tensor ops (ops.ts) plus the layers models are made of. Layers are
// compositions of primitives, except LayerNormalization, which is one fused ONNX op with its own gradient.
import { attr, type Tensor } from './ir';
import { TensorOps } from './ops';
import { normAxes, sameShape, shapeError } from './shape';

export class GraphBuilder extends TensorOps {
  square(x: Tensor): Tensor {
    return this.mul(x, x);
  }

  /**
   * GELU. 'erf' (default) is exact, 0.5·x·(1 + erf(x/√2)), as torch.nn.GELU() computes it, and ORT fuses the
   * pattern into one kernel in inference exports (in a training step, ORT's common-subexpression pass shares
   * the erf with the backward, which keeps it unfused). 'tanh' is torch's approximate='tanh' form, exact in
   * float64 graphs too.
   */
  gelu(x: Tensor, o: { approximate?: 'erf' | 'tanh' } = {}): Tensor {
    if (o.approximate === 'tanh') {
      const inner = this.mul(this.add(x, this.mul(this.mul(this.square(x), x), 0.044715)), Math.sqrt(2 / Math.PI));
      return this.mul(this.mul(x, 0.5), this.add(this.tanh(inner), 1));
    }
    // One engine op with its own gradient: the emitter writes the fusable erf pattern, and autodiff does
    // not keep the pattern's intermediates alive (which would stop ORT from fusing it).
    return this.node1('Gelu', [x], {}, x.shape, x.dtype);
  }

  /** SiLU (swish): x·sigmoid(x). */
  silu(x: Tensor): Tensor {
    return this.mul(x, this.sigmoid(x));
  }

  /** x·W (+ b), W stored [in, out] so that the product needs no transpose. */
  linear(x: Tensor, w: Tensor, b?: Tensor): Tensor {
    const y = this.matmul(x, w);
    return b ? this.add(y, b) : y;
  }

  /** Layer normalisation over the axes from `axis` to the last; scale/bias have the normalised shape. */
  layerNorm(x: Tensor, scale: Tensor | null, bias: Tensor | null, o: { axis?: number; epsilon?: number } = {}): Tensor {
    const [axis] = normAxes('LayerNormalization', [o.axis ?? -1], x.rank, x.shape);
    const normShape = x.shape.slice(axis);
    for (const [k, t] of [['scale', scale], ['bias', bias]] as const) {
      if (t && !sameShape(t.shape, normShape)) throw shapeError('LayerNormalization', `${k} must have the normalised shape`, { x: x.shape, [k]: t.shape });
    }
    const s = scale ?? this.constant(new Array(normShape.reduce((a, b) => a * b, 1)).fill(1), normShape, x.dtype);
    const inputs = bias ? [x, s, bias] : [x, s];
    return this.node1('LayerNormalization', inputs, { axis: attr.int(axis), epsilon: attr.float(o.epsilon ?? 1e-5) }, x.shape, x.dtype);
  }

  /**
   * Inverted dropout. The mask comes from a `random` input that the trainer fills from its seed and the step
   * number, so a resumed run draws the same masks; inference graphs take the identity branch and lose the input.
   */
  dropout(x: Tensor, p: number, name: string): Tensor {
    if (!(p >= 0 && p < 1)) throw shapeError('Dropout', `rate ${p} must be in [0, 1)`, { x: x.shape });
    if (p === 0) return x;
    const noise = this.randomInput(`${name}.noise`, x.shape);
    const keep = this.cast(this.greaterOrEqual(noise, this.scalarLike(x, p)), x.dtype);
    return this.modeSelect(this.mul(x, this.mul(keep, 1 / (1 - p))), x);
  }

  /**
   * Batch normalisation from primitives (as torch.nn.BatchNorm1d): training normalises with the batch
   * statistics over `axes` and updates running statistics (unbiased variance, `momentum`); inference uses them.
   * `frozen` uses the running statistics in training too and never updates them, as torch's BatchNorm in
   * eval() mode inside a model being fine-tuned: a frozen layer then computes exactly what it exports.
   */
  batchNorm(x: Tensor, name: string, o: { axes?: readonly number[]; momentum?: number; epsilon?: number; affine?: boolean; frozen?: boolean } = {}): Tensor {
    const axes = normAxes('BatchNorm', o.axes ?? [0], x.rank, x.shape);
    const statShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const featShape = x.shape.filter((_, i) => !axes.includes(i));
    const count = axes.reduce((n, a) => n * x.shape[a], 1);
    if (count < 2) throw shapeError('BatchNorm', 'needs at least two samples per statistic', { x: x.shape });
    const eps = o.epsilon ?? 1e-5;
    const mom = o.momentum ?? 0.1;
    const runMean = this.buffer(`${name}.running_mean`, featShape, 'zeros');
    const runVar = this.buffer(`${name}.running_var`, featShape, 'ones');

    const evalY = this.div(this.sub(x, this.reshape(runMean, statShape)), this.sqrt(this.add(this.reshape(runVar, statShape), eps)));
    let y = evalY;
    if (!o.frozen) {
      const mean = this.reduceMean(x, axes, true);
      const centred = this.sub(x, mean);
      const variance = this.reduceMean(this.square(centred), axes, true);
      const trainY = this.div(centred, this.sqrt(this.add(variance, eps)));
      y = this.modeSelect(trainY, evalY);
      const m = this.stopGradient(this.reshape(mean, featShape));
      const v = this.stopGradient(this.mul(this.reshape(variance, featShape), count / (count - 1)));
      this.assign(runMean, this.add(this.mul(runMean, 1 - mom), this.mul(m, mom)));
      this.assign(runVar, this.add(this.mul(runVar, 1 - mom), this.mul(v, mom)));
    }

    if (o.affine ?? true) {
      const gamma = this.param(`${name}.weight`, featShape, { init: 'ones', group: 'no_decay' });
      const beta = this.param(`${name}.bias`, featShape, { init: 'zeros', group: 'no_decay' });
      y = this.add(this.mul(y, this.reshape(gamma, statShape)), this.reshape(beta, statShape));
    }
    return y;
  }

  /** Mean squared error between two tensors of one shape, as a scalar. */
  mse(a: Tensor, b: Tensor): Tensor {
    if (!sameShape(a.shape, b.shape)) throw shapeError('mse', 'prediction and target differ in shape', { a: a.shape, b: b.shape });
    return this.reduceMean(this.square(this.sub(a, b)));
  }
}
