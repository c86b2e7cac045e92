// graph_step: a thin N-API binding of TensorFlow's graph C API (tensorflow/c/c_api.h), so that
// the trainer can build the graph of a whole training step once (trainer/graph/) and run one
// batch per call, as Keras does, instead of one eager op per kernel. Deliberately generic: it
// knows nothing about layers or losses; the TypeScript side adds operations, asks for their
// gradients (TF_AddGradients) and runs a session (Grappler and oneDNN rewrite the graph).
//
// Built by infra/tfjs/provision.js against the same libtensorflow_cc.so.2 that the tfjs-node
// binding loads (one copy of TensorFlow per process).
//
// JS API (all synchronous; errors are thrown as Error with TensorFlow's message):
//   newGraph() -> graph
//   addOp(graph, type, name, inputs, attrs, controls) -> number of outputs
//     inputs: array of [opName, index] (one input) or array of those (a list input)
//     attrs:  array of [name, kind, value]; kinds: 'int' 'float' 'bool' 'type' 'string'
//             'ints' 'floats' 'types' 'strings' 'shape' (dims, -1 unknown) 'tensor'
//             (value [dtype, dims, TypedArray])
//     controls: array of op names (control dependencies)
//   addGradients(graph, ys, xs) -> array of [opName, index] or null (no gradient)
//   operations(graph) -> array of [name, type, inputs: [[opName, index], ...]]
//   updateEdge(graph, [srcOp, srcIndex], dstOp, dstInputIndex): dstOp's input now reads srcOp
//     (TF_UpdateEdge; for rewiring what TF_AddGradients built)
//   newSession(graph, configProto Uint8Array | null) -> session
//   run(session, feeds [[op, index, dtype, dims, TypedArray]], fetches [[op, index]], targets [op])
//     -> array of [dtype, dims, TypedArray] (copies)
//   run(session, feeds, fetches, targets, runOptions Uint8Array) -> the same array, with the
//     serialized tensorflow.RunMetadata as its `metadata` property (an ArrayBuffer): for
//     profiling a step (RunOptions trace_level FULL_TRACE gives per-op step_stats)
//   closeSession(session); deleteGraph(graph)
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tensorflow/c/c_api.h"

#define MAX_NAME 512
#define MAX_DIMS 16

#define CHECK_NAPI(env, call)                                   \
  do {                                                          \
    if ((call) != napi_ok) {                                    \
      napi_throw_error((env), NULL, "graph_step: N-API call failed: " #call); \
      return NULL;                                              \
    }                                                           \
  } while (0)

typedef struct {
  TF_Graph* graph;
} GraphBox;

typedef struct {
  TF_Session* session;
  TF_Graph* graph;
} SessionBox;

static napi_value throw_msg(napi_env env, const char* msg) {
  napi_throw_error(env, NULL, msg);
  return NULL;
}

static int get_string(napi_env env, napi_value v, char* buf, size_t size) {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, v, buf, size, &len) != napi_ok) return 0;
  return len < size - 1;
}

static int get_int64(napi_env env, napi_value v, int64_t* out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok) return 0;
  *out = (int64_t)d;
  return 1;
}

static uint32_t array_length(napi_env env, napi_value v) {
  uint32_t n = 0;
  bool is_array = false;
  napi_is_array(env, v, &is_array);
  if (!is_array) return 0;
  napi_get_array_length(env, v, &n);
  return n;
}

static napi_value element(napi_env env, napi_value arr, uint32_t i) {
  napi_value out = NULL;
  napi_get_element(env, arr, i, &out);
  return out;
}

static void* unwrap(napi_env env, napi_value v) {
  void* p = NULL;
  napi_get_value_external(env, v, &p);
  return p;
}

/** [opName, index] -> TF_Output; 0 with a thrown error when the op is unknown. */
static int get_output(napi_env env, TF_Graph* g, napi_value pair, TF_Output* out) {
  char name[MAX_NAME];
  int64_t index;
  if (array_length(env, pair) != 2 || !get_string(env, element(env, pair, 0), name, sizeof name) ||
      !get_int64(env, element(env, pair, 1), &index)) {
    napi_throw_type_error(env, NULL, "graph_step: an output must be [opName, index]");
    return 0;
  }
  TF_Operation* op = TF_GraphOperationByName(g, name);
  if (op == NULL) {
    char msg[MAX_NAME + 64];
    snprintf(msg, sizeof msg, "graph_step: no operation named '%s' in the graph", name);
    napi_throw_error(env, NULL, msg);
    return 0;
  }
  out->oper = op;
  out->index = (int)index;
  return 1;
}

static napi_value make_output(napi_env env, TF_Output o) {
  napi_value arr, name, index;
  napi_create_array_with_length(env, 2, &arr);
  napi_create_string_utf8(env, TF_OperationName(o.oper), NAPI_AUTO_LENGTH, &name);
  napi_create_int32(env, o.index, &index);
  napi_set_element(env, arr, 0, name);
  napi_set_element(env, arr, 1, index);
  return arr;
}

static size_t dtype_size(TF_DataType t) {
  switch (t) {
    case TF_FLOAT: case TF_INT32: case TF_UINT32: return 4;
    case TF_DOUBLE: case TF_INT64: case TF_UINT64: return 8;
    case TF_BOOL: case TF_UINT8: case TF_INT8: return 1;
    case TF_HALF: case TF_BFLOAT16: case TF_INT16: case TF_UINT16: return 2;
    default: return 0;
  }
}

/** [dtype, dims, TypedArray] -> a new TF_Tensor (a copy), NULL with a thrown error. */
static TF_Tensor* tensor_from(napi_env env, napi_value dtype_v, napi_value dims_v, napi_value data_v) {
  int64_t dtype_i;
  int64_t dims[MAX_DIMS];
  uint32_t nd = array_length(env, dims_v);
  if (!get_int64(env, dtype_v, &dtype_i) || nd > MAX_DIMS) {
    napi_throw_type_error(env, NULL, "graph_step: a tensor needs a dtype and at most 16 dims");
    return NULL;
  }
  size_t count = 1;
  for (uint32_t i = 0; i < nd; i++) {
    if (!get_int64(env, element(env, dims_v, i), &dims[i]) || dims[i] < 0) {
      napi_throw_type_error(env, NULL, "graph_step: tensor dims must be non-negative numbers");
      return NULL;
    }
    count *= (size_t)dims[i];
  }
  TF_DataType dtype = (TF_DataType)dtype_i;
  size_t esize = dtype_size(dtype);
  bool is_typed = false;
  napi_is_typedarray(env, data_v, &is_typed);
  if (esize == 0 || !is_typed) {
    napi_throw_type_error(env, NULL, "graph_step: tensor data must be a TypedArray of a numeric dtype");
    return NULL;
  }
  napi_typedarray_type ttype;
  size_t length;
  void* data;
  napi_value ab;
  size_t offset;
  napi_get_typedarray_info(env, data_v, &ttype, &length, &data, &ab, &offset);
  size_t bytes = count * esize;
  size_t have = 0;
  switch (ttype) {
    case napi_int8_array: case napi_uint8_array: case napi_uint8_clamped_array: have = length; break;
    case napi_int16_array: case napi_uint16_array: have = length * 2; break;
    case napi_int32_array: case napi_uint32_array: case napi_float32_array: have = length * 4; break;
    default: have = length * 8; break;
  }
  if (have != bytes) {
    char msg[160];
    snprintf(msg, sizeof msg, "graph_step: tensor data has %zu bytes, its dtype and dims need %zu", have, bytes);
    napi_throw_range_error(env, NULL, msg);
    return NULL;
  }
  TF_Tensor* t = TF_AllocateTensor(dtype, dims, (int)nd, bytes);
  if (bytes > 0) memcpy(TF_TensorData(t), data, bytes);
  return t;
}

static napi_value tensor_to_js(napi_env env, TF_Tensor* t) {
  TF_DataType dtype = TF_TensorType(t);
  int nd = TF_NumDims(t);
  size_t bytes = TF_TensorByteSize(t);
  napi_value out, dims, dt, ab, arr;
  napi_create_array_with_length(env, 3, &out);
  napi_create_int32(env, (int32_t)dtype, &dt);
  napi_create_array_with_length(env, nd, &dims);
  for (int i = 0; i < nd; i++) {
    napi_value d;
    napi_create_double(env, (double)TF_Dim(t, i), &d);
    napi_set_element(env, dims, i, d);
  }
  void* buf = NULL;
  napi_create_arraybuffer(env, bytes, &buf, &ab);
  if (bytes > 0) memcpy(buf, TF_TensorData(t), bytes);
  napi_typedarray_type ttype;
  size_t esize;
  switch (dtype) {
    case TF_FLOAT: ttype = napi_float32_array; esize = 4; break;
    case TF_INT32: ttype = napi_int32_array; esize = 4; break;
    case TF_DOUBLE: ttype = napi_float64_array; esize = 8; break;
    case TF_INT64: ttype = napi_bigint64_array; esize = 8; break;
    default: ttype = napi_uint8_array; esize = 1; break;
  }
  napi_create_typedarray(env, ttype, bytes / esize, ab, 0, &arr);
  napi_set_element(env, out, 0, dt);
  napi_set_element(env, out, 1, dims);
  napi_set_element(env, out, 2, arr);
  return out;
}

static napi_value js_new_graph(napi_env env, napi_callback_info info) {
  (void)info;
  GraphBox* box = calloc(1, sizeof *box);
  box->graph = TF_NewGraph();
  napi_value out;
  CHECK_NAPI(env, napi_create_external(env, box, NULL, NULL, &out));
  return out;
}

static napi_value js_delete_graph(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  GraphBox* box = unwrap(env, argv[0]);
  if (box != NULL && box->graph != NULL) {
    TF_DeleteGraph(box->graph);
    box->graph = NULL;
  }
  return NULL;
}

static TF_Graph* graph_of(napi_env env, napi_value v) {
  GraphBox* box = unwrap(env, v);
  if (box == NULL || box->graph == NULL) {
    napi_throw_error(env, NULL, "graph_step: the graph was deleted");
    return NULL;
  }
  return box->graph;
}

/** One attribute [name, kind, value]; 0 with a thrown error. */
static int set_attr(napi_env env, TF_OperationDescription* d, napi_value spec) {
  char name[128], kind[16];
  if (array_length(env, spec) != 3 || !get_string(env, element(env, spec, 0), name, sizeof name) ||
      !get_string(env, element(env, spec, 1), kind, sizeof kind)) {
    napi_throw_type_error(env, NULL, "graph_step: an attribute must be [name, kind, value]");
    return 0;
  }
  napi_value v = element(env, spec, 2);
  if (!strcmp(kind, "int") || !strcmp(kind, "type")) {
    int64_t x;
    if (!get_int64(env, v, &x)) goto bad;
    if (kind[0] == 'i') TF_SetAttrInt(d, name, x);
    else TF_SetAttrType(d, name, (TF_DataType)x);
  } else if (!strcmp(kind, "float")) {
    double x;
    if (napi_get_value_double(env, v, &x) != napi_ok) goto bad;
    TF_SetAttrFloat(d, name, (float)x);
  } else if (!strcmp(kind, "bool")) {
    bool x;
    if (napi_get_value_bool(env, v, &x) != napi_ok) goto bad;
    TF_SetAttrBool(d, name, x ? 1 : 0);
  } else if (!strcmp(kind, "string")) {
    char s[MAX_NAME];
    size_t len = 0;
    if (napi_get_value_string_utf8(env, v, s, sizeof s, &len) != napi_ok) goto bad;
    TF_SetAttrString(d, name, s, len);
  } else if (!strcmp(kind, "ints") || !strcmp(kind, "shape") || !strcmp(kind, "types")) {
    uint32_t n = array_length(env, v);
    int64_t xs[64];
    if (n > 64) goto bad;
    for (uint32_t i = 0; i < n; i++)
      if (!get_int64(env, element(env, v, i), &xs[i])) goto bad;
    if (kind[0] == 'i') {
      TF_SetAttrIntList(d, name, xs, (int)n);
    } else if (kind[0] == 's') {
      TF_SetAttrShape(d, name, xs, (int)n);
    } else {
      TF_DataType ts[64];
      for (uint32_t i = 0; i < n; i++) ts[i] = (TF_DataType)xs[i];
      TF_SetAttrTypeList(d, name, ts, (int)n);
    }
  } else if (!strcmp(kind, "floats")) {
    uint32_t n = array_length(env, v);
    float xs[64];
    if (n > 64) goto bad;
    for (uint32_t i = 0; i < n; i++) {
      double x;
      if (napi_get_value_double(env, element(env, v, i), &x) != napi_ok) goto bad;
      xs[i] = (float)x;
    }
    TF_SetAttrFloatList(d, name, xs, (int)n);
  } else if (!strcmp(kind, "strings")) {
    uint32_t n = array_length(env, v);
    char bufs[8][128];
    const void* ptrs[8];
    size_t lens[8];
    if (n > 8) goto bad;
    for (uint32_t i = 0; i < n; i++) {
      if (napi_get_value_string_utf8(env, element(env, v, i), bufs[i], 128, &lens[i]) != napi_ok) goto bad;
      ptrs[i] = bufs[i];
    }
    TF_SetAttrStringList(d, name, ptrs, lens, (int)n);
  } else if (!strcmp(kind, "tensor")) {
    if (array_length(env, v) != 3) goto bad;
    TF_Tensor* t = tensor_from(env, element(env, v, 0), element(env, v, 1), element(env, v, 2));
    if (t == NULL) return 0;
    TF_Status* st = TF_NewStatus();
    TF_SetAttrTensor(d, name, t, st);
    TF_DeleteTensor(t);
    int ok = TF_GetCode(st) == TF_OK;
    if (!ok) napi_throw_error(env, NULL, TF_Message(st));
    TF_DeleteStatus(st);
    return ok;
  } else {
    goto bad;
  }
  return 1;
bad: {
    char msg[256];
    snprintf(msg, sizeof msg, "graph_step: attribute '%s' of kind '%s' has a bad value", name, kind);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
}

static napi_value js_add_op(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 6) return throw_msg(env, "graph_step: addOp(graph, type, name, inputs, attrs, controls)");
  TF_Graph* g = graph_of(env, argv[0]);
  if (g == NULL) return NULL;
  char type[128], name[MAX_NAME];
  if (!get_string(env, argv[1], type, sizeof type) || !get_string(env, argv[2], name, sizeof name))
    return throw_msg(env, "graph_step: addOp needs an op type and a name");
  TF_OperationDescription* d = TF_NewOperation(g, type, name);
  uint32_t ni = array_length(env, argv[3]);
  for (uint32_t i = 0; i < ni; i++) {
    napi_value in = element(env, argv[3], i);
    napi_valuetype first_type = napi_undefined;
    if (array_length(env, in) > 0) napi_typeof(env, element(env, in, 0), &first_type);
    if (first_type == napi_string) {
      TF_Output o;
      if (!get_output(env, g, in, &o)) goto fail;
      TF_AddInput(d, o);
    } else {
      uint32_t n = array_length(env, in);
      TF_Output* list = calloc(n > 0 ? n : 1, sizeof *list);
      for (uint32_t j = 0; j < n; j++) {
        if (!get_output(env, g, element(env, in, j), &list[j])) {
          free(list);
          goto fail;
        }
      }
      TF_AddInputList(d, list, (int)n);
      free(list);
    }
  }
  uint32_t na = array_length(env, argv[4]);
  for (uint32_t i = 0; i < na; i++)
    if (!set_attr(env, d, element(env, argv[4], i))) goto fail;
  uint32_t nc = array_length(env, argv[5]);
  for (uint32_t i = 0; i < nc; i++) {
    char cname[MAX_NAME];
    if (!get_string(env, element(env, argv[5], i), cname, sizeof cname)) goto fail;
    TF_Operation* c = TF_GraphOperationByName(g, cname);
    if (c == NULL) {
      napi_throw_error(env, NULL, "graph_step: unknown control input");
      goto fail;
    }
    TF_AddControlInput(d, c);
  }
  {
    TF_Status* st = TF_NewStatus();
    TF_Operation* op = TF_FinishOperation(d, st);
    if (TF_GetCode(st) != TF_OK) {
      char msg[1024];
      snprintf(msg, sizeof msg, "graph_step: %s '%s': %s", type, name, TF_Message(st));
      TF_DeleteStatus(st);
      return throw_msg(env, msg);
    }
    TF_DeleteStatus(st);
    napi_value out;
    napi_create_int32(env, TF_OperationNumOutputs(op), &out);
    return out;
  }
fail : {
  // A description must be finished to be freed; finishing a bad one just fails.
  TF_Status* st = TF_NewStatus();
  TF_FinishOperation(d, st);
  TF_DeleteStatus(st);
  return NULL;
}
}

static napi_value js_add_gradients(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  TF_Graph* g = graph_of(env, argv[0]);
  if (g == NULL) return NULL;
  uint32_t ny = array_length(env, argv[1]), nx = array_length(env, argv[2]);
  TF_Output* ys = calloc(ny + 1, sizeof *ys);
  TF_Output* xs = calloc(nx + 1, sizeof *xs);
  TF_Output* dx = calloc(nx + 1, sizeof *dx);
  napi_value out = NULL;
  for (uint32_t i = 0; i < ny; i++)
    if (!get_output(env, g, element(env, argv[1], i), &ys[i])) goto done;
  for (uint32_t i = 0; i < nx; i++)
    if (!get_output(env, g, element(env, argv[2], i), &xs[i])) goto done;
  {
    TF_Status* st = TF_NewStatus();
    TF_AddGradients(g, ys, (int)ny, xs, (int)nx, NULL, st, dx);
    if (TF_GetCode(st) != TF_OK) {
      char msg[1024];
      snprintf(msg, sizeof msg, "graph_step: gradients: %s", TF_Message(st));
      TF_DeleteStatus(st);
      napi_throw_error(env, NULL, msg);
      goto done;
    }
    TF_DeleteStatus(st);
    napi_create_array_with_length(env, nx, &out);
    for (uint32_t i = 0; i < nx; i++) {
      napi_value v;
      if (dx[i].oper == NULL) napi_get_null(env, &v);
      else v = make_output(env, dx[i]);
      napi_set_element(env, out, i, v);
    }
  }
done:
  free(ys);
  free(xs);
  free(dx);
  return out;
}

static napi_value js_operations(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  TF_Graph* g = graph_of(env, argv[0]);
  if (g == NULL) return NULL;
  napi_value out;
  CHECK_NAPI(env, napi_create_array(env, &out));
  size_t pos = 0;
  uint32_t n = 0;
  TF_Operation* op;
  while ((op = TF_GraphNextOperation(g, &pos)) != NULL) {
    napi_value entry, name, type, inputs;
    napi_create_array_with_length(env, 3, &entry);
    napi_create_string_utf8(env, TF_OperationName(op), NAPI_AUTO_LENGTH, &name);
    napi_create_string_utf8(env, TF_OperationOpType(op), NAPI_AUTO_LENGTH, &type);
    int ni = TF_OperationNumInputs(op);
    napi_create_array_with_length(env, ni, &inputs);
    for (int i = 0; i < ni; i++) {
      TF_Input in = {op, i};
      napi_set_element(env, inputs, i, make_output(env, TF_OperationInput(in)));
    }
    napi_set_element(env, entry, 0, name);
    napi_set_element(env, entry, 1, type);
    napi_set_element(env, entry, 2, inputs);
    napi_set_element(env, out, n++, entry);
  }
  return out;
}

static napi_value js_update_edge(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  TF_Graph* g = graph_of(env, argv[0]);
  if (g == NULL) return NULL;
  TF_Output src;
  if (!get_output(env, g, argv[1], &src)) return NULL;
  napi_value pair;
  napi_create_array_with_length(env, 2, &pair);
  napi_set_element(env, pair, 0, argv[2]);
  napi_set_element(env, pair, 1, argv[3]);
  TF_Output dst_out;
  if (!get_output(env, g, pair, &dst_out)) return NULL;
  TF_Input dst = {dst_out.oper, dst_out.index};
  TF_Status* st = TF_NewStatus();
  TF_UpdateEdge(g, src, dst, st);
  if (TF_GetCode(st) != TF_OK) {
    char msg[1024];
    snprintf(msg, sizeof msg, "graph_step: update edge: %s", TF_Message(st));
    TF_DeleteStatus(st);
    return throw_msg(env, msg);
  }
  TF_DeleteStatus(st);
  return NULL;
}

static napi_value js_new_session(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  GraphBox* gb = unwrap(env, argv[0]);
  if (gb == NULL || gb->graph == NULL) return throw_msg(env, "graph_step: the graph was deleted");
  TF_SessionOptions* opts = TF_NewSessionOptions();
  TF_Status* st = TF_NewStatus();
  bool is_typed = false;
  if (argc > 1) napi_is_typedarray(env, argv[1], &is_typed);
  if (is_typed) {
    napi_typedarray_type t;
    size_t len, off;
    void* data;
    napi_value ab;
    napi_get_typedarray_info(env, argv[1], &t, &len, &data, &ab, &off);
    TF_SetConfig(opts, data, len, st);
    if (TF_GetCode(st) != TF_OK) {
      char msg[512];
      snprintf(msg, sizeof msg, "graph_step: session config: %s", TF_Message(st));
      TF_DeleteStatus(st);
      TF_DeleteSessionOptions(opts);
      return throw_msg(env, msg);
    }
  }
  TF_Session* s = TF_NewSession(gb->graph, opts, st);
  TF_DeleteSessionOptions(opts);
  if (TF_GetCode(st) != TF_OK) {
    char msg[512];
    snprintf(msg, sizeof msg, "graph_step: new session: %s", TF_Message(st));
    TF_DeleteStatus(st);
    return throw_msg(env, msg);
  }
  TF_DeleteStatus(st);
  SessionBox* box = calloc(1, sizeof *box);
  box->session = s;
  box->graph = gb->graph;
  napi_value out;
  CHECK_NAPI(env, napi_create_external(env, box, NULL, NULL, &out));
  return out;
}

static napi_value js_close_session(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  SessionBox* box = unwrap(env, argv[0]);
  if (box != NULL && box->session != NULL) {
    TF_Status* st = TF_NewStatus();
    TF_CloseSession(box->session, st);
    TF_DeleteSession(box->session, st);
    TF_DeleteStatus(st);
    box->session = NULL;
  }
  return NULL;
}

static napi_value js_run(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  SessionBox* box = unwrap(env, argv[0]);
  if (box == NULL || box->session == NULL) return throw_msg(env, "graph_step: the session was closed");
  TF_Graph* g = box->graph;
  uint32_t nf = array_length(env, argv[1]), no = array_length(env, argv[2]), nt = array_length(env, argv[3]);
  TF_Output* fin = calloc(nf + 1, sizeof *fin);
  TF_Tensor** fvals = calloc(nf + 1, sizeof *fvals);
  TF_Output* outs = calloc(no + 1, sizeof *outs);
  TF_Tensor** ovals = calloc(no + 1, sizeof *ovals);
  TF_Operation** targets = calloc(nt + 1, sizeof *targets);
  napi_value result = NULL;
  for (uint32_t i = 0; i < nf; i++) {
    napi_value f = element(env, argv[1], i);
    if (array_length(env, f) != 5) {
      napi_throw_type_error(env, NULL, "graph_step: a feed must be [op, index, dtype, dims, data]");
      goto done;
    }
    napi_value pair;
    napi_create_array_with_length(env, 2, &pair);
    napi_set_element(env, pair, 0, element(env, f, 0));
    napi_set_element(env, pair, 1, element(env, f, 1));
    if (!get_output(env, g, pair, &fin[i])) goto done;
    fvals[i] = tensor_from(env, element(env, f, 2), element(env, f, 3), element(env, f, 4));
    if (fvals[i] == NULL) goto done;
  }
  for (uint32_t i = 0; i < no; i++)
    if (!get_output(env, g, element(env, argv[2], i), &outs[i])) goto done;
  for (uint32_t i = 0; i < nt; i++) {
    char name[MAX_NAME];
    if (!get_string(env, element(env, argv[3], i), name, sizeof name) ||
        (targets[i] = TF_GraphOperationByName(g, name)) == NULL) {
      napi_throw_error(env, NULL, "graph_step: unknown target operation");
      goto done;
    }
  }
  {
    TF_Buffer* options = NULL;
    TF_Buffer* metadata = NULL;
    bool traced = false;
    if (argc > 4) napi_is_typedarray(env, argv[4], &traced);
    if (traced) {
      napi_typedarray_type t;
      size_t len, off;
      void* data;
      napi_value ab;
      napi_get_typedarray_info(env, argv[4], &t, &len, &data, &ab, &off);
      options = TF_NewBufferFromString(data, len);
      metadata = TF_NewBuffer();
    }
    TF_Status* st = TF_NewStatus();
    TF_SessionRun(box->session, options, fin, fvals, (int)nf, outs, ovals, (int)no, (const TF_Operation* const*)targets, (int)nt, metadata, st);
    if (options != NULL) TF_DeleteBuffer(options);
    if (TF_GetCode(st) != TF_OK) {
      char msg[2048];
      snprintf(msg, sizeof msg, "graph_step: run: %s", TF_Message(st));
      TF_DeleteStatus(st);
      if (metadata != NULL) TF_DeleteBuffer(metadata);
      napi_throw_error(env, NULL, msg);
      goto done;
    }
    TF_DeleteStatus(st);
    napi_create_array_with_length(env, no, &result);
    for (uint32_t i = 0; i < no; i++) napi_set_element(env, result, i, tensor_to_js(env, ovals[i]));
    if (metadata != NULL) {
      void* buf = NULL;
      napi_value ab;
      napi_create_arraybuffer(env, metadata->length, &buf, &ab);
      if (metadata->length > 0) memcpy(buf, metadata->data, metadata->length);
      napi_set_named_property(env, result, "metadata", ab);
      TF_DeleteBuffer(metadata);
    }
  }
done:
  for (uint32_t i = 0; i < nf; i++)
    if (fvals[i] != NULL) TF_DeleteTensor(fvals[i]);
  for (uint32_t i = 0; i < no; i++)
    if (ovals[i] != NULL) TF_DeleteTensor(ovals[i]);
  free(fin);
  free(fvals);
  free(outs);
  free(ovals);
  free(targets);
  return result;
}

static napi_value js_version(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  napi_create_string_utf8(env, TF_Version(), NAPI_AUTO_LENGTH, &out);
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"newGraph", NULL, js_new_graph, NULL, NULL, NULL, napi_default, NULL},
      {"deleteGraph", NULL, js_delete_graph, NULL, NULL, NULL, napi_default, NULL},
      {"addOp", NULL, js_add_op, NULL, NULL, NULL, napi_default, NULL},
      {"addGradients", NULL, js_add_gradients, NULL, NULL, NULL, napi_default, NULL},
      {"operations", NULL, js_operations, NULL, NULL, NULL, napi_default, NULL},
      {"updateEdge", NULL, js_update_edge, NULL, NULL, NULL, napi_default, NULL},
      {"newSession", NULL, js_new_session, NULL, NULL, NULL, napi_default, NULL},
      {"closeSession", NULL, js_close_session, NULL, NULL, NULL, napi_default, NULL},
      {"run", NULL, js_run, NULL, NULL, NULL, napi_default, NULL},
      {"tensorflowVersion", NULL, js_version, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
