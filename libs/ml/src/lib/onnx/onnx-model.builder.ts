import * as protobuf from 'protobufjs';
import { TreeEnsembleModel } from '../gbdt/tree-ensemble-model.types';
import {
  ONNX_INPUT_NAME,
  ONNX_IR_VERSION,
  ONNX_ML_OPSET,
  ONNX_OPSET,
  ONNX_PROBABILITY_OUTPUT,
  ONNX_PRODUCER,
  ONNX_RAW_SCORE_OUTPUT,
} from './onnx-model.constants';
import { ONNX_PROTO_DESCRIPTOR } from './onnx-proto.descriptor';
import { flattenTreesForOnnx } from './onnx-tree-nodes.util';

const root = protobuf.Root.fromJSON(ONNX_PROTO_DESCRIPTOR);
const ModelProto = root.lookupType('onnx.ModelProto');

const enum AttributeType {
  INT = 2,
  STRING = 3,
  FLOATS = 6,
  INTS = 7,
  STRINGS = 8,
}
const FLOAT_TYPE = 1;

type Attribute = Record<string, unknown>;

/**
 * Encodes the model as ONNX: features -> TreeEnsembleRegressor (ai.onnx.ml) -> raw_score ->
 * Sigmoid -> probability.
 *
 * Why a regressor and a Sigmoid rather than TreeEnsembleClassifier with post_transform
 * LOGISTIC: ONNX Runtime's classifier treats a binary model whose leaf weights are all positive
 * as already holding probabilities, and its regressor ignores LOGISTIC for one target; the
 * regressor plus a standard Sigmoid has one meaning everywhere.
 * Thresholds, leaf values and the base score are float attributes (ONNX Runtime refuses the
 * double *_as_tensor forms for a float input). Nothing is lost: the trainer makes every
 * threshold and leaf value a float32 number. The one difference left is that ONNX Runtime sums
 * the trees in float32 where the trainer sums in float64: about 1e-7 in probability for
 * hundreds of trees, well inside the 1e-5 the export is checked against.
 */
export function buildOnnxModel(model: TreeEnsembleModel, metadata: Readonly<Record<string, string>>): Uint8Array {
  const nodes = flattenTreesForOnnx(model);
  const numFeatures = model.featureNames.length;
  const ensemble = {
    input: [ONNX_INPUT_NAME],
    output: [ONNX_RAW_SCORE_OUTPUT],
    name: 'tree_ensemble',
    op_type: 'TreeEnsembleRegressor',
    domain: 'ai.onnx.ml',
    attribute: [
      int('n_targets', 1),
      string('aggregate_function', 'SUM'),
      string('post_transform', 'NONE'),
      floats('base_values', [model.baseScore]),
      ints('nodes_treeids', nodes.treeIds),
      ints('nodes_nodeids', nodes.nodeIds),
      ints('nodes_featureids', nodes.featureIds),
      strings('nodes_modes', nodes.modes),
      floats('nodes_values', nodes.values),
      ints('nodes_truenodeids', nodes.trueNodeIds),
      ints('nodes_falsenodeids', nodes.falseNodeIds),
      ints('nodes_missing_value_tracks_true', nodes.missingTracksTrue),
      ints('target_treeids', nodes.targetTreeIds),
      ints('target_nodeids', nodes.targetNodeIds),
      ints('target_ids', nodes.targetIds),
      floats('target_weights', nodes.targetWeights),
    ],
  };
  const sigmoid = {
    input: [ONNX_RAW_SCORE_OUTPUT],
    output: [ONNX_PROBABILITY_OUTPUT],
    name: 'sigmoid',
    op_type: 'Sigmoid',
    domain: '',
  };
  const message = ModelProto.fromObject({
    ir_version: ONNX_IR_VERSION,
    producer_name: ONNX_PRODUCER,
    producer_version: '1',
    doc_string: 'Gradient-boosted trees for binary classification (libs/ml).',
    opset_import: [
      { domain: '', version: ONNX_OPSET },
      { domain: 'ai.onnx.ml', version: ONNX_ML_OPSET },
    ],
    graph: {
      name: 'gbdt',
      node: [ensemble, sigmoid],
      input: [tensorValue(ONNX_INPUT_NAME, numFeatures)],
      output: [tensorValue(ONNX_PROBABILITY_OUTPUT, 1), tensorValue(ONNX_RAW_SCORE_OUTPUT, 1)],
    },
    metadata_props: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  });
  return ModelProto.encode(message).finish();
}

function tensorValue(name: string, width: number): Attribute {
  return {
    name,
    type: { tensor_type: { elem_type: FLOAT_TYPE, shape: { dim: [{ dim_param: 'N' }, { dim_value: width }] } } },
  };
}

function int(name: string, i: number): Attribute {
  return { name, type: AttributeType.INT, i };
}

function ints(name: string, values: readonly number[]): Attribute {
  return { name, type: AttributeType.INTS, ints: values };
}

function string(name: string, value: string): Attribute {
  return { name, type: AttributeType.STRING, s: Buffer.from(value, 'utf8') };
}

function strings(name: string, values: readonly string[]): Attribute {
  return { name, type: AttributeType.STRINGS, strings: values.map((v) => Buffer.from(v, 'utf8')) };
}

function floats(name: string, values: readonly number[]): Attribute {
  return { name, type: AttributeType.FLOATS, floats: values };
}
