/**
 * A small builder for ONNX graphs: declare inputs, add weights (initializers) and nodes, name the outputs, and get
 * the bytes of an `.onnx` model. Value names are generated (`MatMul_12`) unless given; every node's output is a
 * fresh name, so a graph is in SSA form as ONNX requires.
 *
 * ```ts
 * const g = new GraphBuilder('step');
 * const x = g.input('x', DataType.FLOAT, ['N', 4]);
 * const y = g.op('Tanh', [g.op('MatMul', [x, g.weight('W', data, [4, 3])])]);
 * g.output('y', y, DataType.FLOAT, ['N', 3]);
 * const bytes = g.build({ docString: 'demo' });
 * ```
 */
import {
  AttributeType,
  DataType,
  encodeModel,
  IR_VERSION,
  OPSET,
  type AttributeMessage,
  type DataTypeCode,
  type NodeMessage,
  type TensorMessage,
  type ValueInfoMessage,
} from './onnx-proto.js';

/** An attribute value: integers and strings as is; floats wrapped (`{ float: 1e-5 }`), since 1 and 1.0 are the same number in JavaScript. */
export type AttributeValue = number | readonly number[] | string | readonly string[] | { float: number };

/** A dimension of a declared input or output: a size, or a symbolic name shared by the tensors that have it. */
export type Dim = number | string;

export class GraphBuilder {
  private readonly nodes: NodeMessage[] = [];
  private readonly initializers: TensorMessage[] = [];
  private readonly inputs: ValueInfoMessage[] = [];
  private readonly outputs: ValueInfoMessage[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(readonly name: string) {}

  /** Declares a graph input; returns its name. */
  input(name: string, elemType: DataTypeCode, dims: readonly Dim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Declares `value` as the graph output `name` (an `Identity` renames it when the names differ). */
  output(name: string, value: string, elemType: DataTypeCode, dims: readonly Dim[]): void {
    if (value !== name) this.op('Identity', [value], {}, name);
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** A float32 initializer (a weight) with the given row-major data; returns its name. */
  weight(name: string, data: Float32Array, dims: readonly number[]): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (data.length !== size)
      throw new Error(`GraphBuilder.weight: '${name}' has ${data.length} values, dims [${dims}] need ${size}`);
    this.claim(name);
    this.initializers.push({ name, dims: [...dims], dataType: DataType.FLOAT, rawData: littleEndianBytes(data) });
    return name;
  }

  /** An int64 constant vector (shapes, axes, split sizes); returns its name. */
  ints(values: readonly number[]): string {
    const name = this.fresh('ints');
    const data = new BigInt64Array(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims: [values.length], dataType: DataType.INT64, rawData: littleEndianBytes(data) });
    return name;
  }

  /** A float32 scalar constant; returns its name. */
  scalar(value: number): string {
    const name = this.fresh('scalar');
    this.initializers.push({
      name,
      dims: [],
      dataType: DataType.FLOAT,
      rawData: littleEndianBytes(new Float32Array([value])),
    });
    return name;
  }

  /**
   * Adds a node with one output; returns the output's name. `inputs` may hold '' for an omitted optional input.
   * @param outputName a fixed name for the output (default: generated)
   */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: Record<string, AttributeValue> = {},
    outputName?: string,
  ): string {
    return this.opN(opType, inputs, 1, attributes, outputName ? [outputName] : undefined)[0]!;
  }

  /** Adds a node with `count` outputs (e.g. `Split`, `LSTM`); returns their names. */
  opN(
    opType: string,
    inputs: readonly string[],
    count: number,
    attributes: Record<string, AttributeValue> = {},
    outputNames?: readonly string[],
  ): string[] {
    const output = outputNames ? [...outputNames] : Array.from({ length: count }, () => this.fresh(opType));
    if (outputNames) for (const n of outputNames) this.claim(n);
    this.nodes.push({
      name: this.fresh(`${opType}_node`),
      opType,
      input: [...inputs],
      output,
      attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
    });
    return output;
  }

  /** The serialized model. `metadata` lands in `metadata_props` (readable from ONNX Runtime's session metadata). */
  build(options: { docString?: string; metadata?: Record<string, string> } = {}): Uint8Array {
    return encodeModel({
      irVersion: IR_VERSION,
      producerName: 's2s-rnn',
      producerVersion: '1',
      docString: options.docString ?? '',
      opsetImport: [{ domain: '', version: OPSET }],
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: this.name,
        docString: options.docString ?? '',
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
  }

  private fresh(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.counter++}`;
    while (this.names.has(name));
    this.names.add(name);
    return name;
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new Error(`GraphBuilder: the value name '${name}' is used twice`);
    this.names.add(name);
  }
}

function valueInfo(name: string, elemType: DataTypeCode, dims: readonly Dim[]): ValueInfoMessage {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: AttributeValue): AttributeMessage {
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  if (value.every((v) => typeof v === 'number'))
    return { name, type: AttributeType.INTS, ints: [...(value as readonly number[])] };
  return {
    name,
    type: AttributeType.STRINGS,
    strings: (value as readonly string[]).map((s) => new TextEncoder().encode(s)),
  };
}

/** ONNX raw data is little-endian; so is every platform Node runs on, but say so rather than assume it. */
function littleEndianBytes(data: Float32Array | BigInt64Array): Uint8Array {
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  if (data instanceof Float32Array) data.forEach((v, i) => view.setFloat32(4 * i, v, true));
  else data.forEach((v, i) => view.setBigInt64(8 * i, v, true));
  return bytes;
}
