/* Plinth plugin ABI: the only interface between the Plinth core and a plugin.
 *
 * Rules that keep it stable:
 *  - C only: plain structs, function pointers, status codes. No C++ type, exception or STL object
 *    crosses this boundary.
 *  - Every struct starts with `struct_size` (bytes as compiled by its producer). Structs and
 * function tables only grow at the end; a reader uses a field only when `struct_size` covers it, so
 * a plugin built for an older minor ABI keeps working with a newer core.
 *  - A plugin exports exactly one symbol, PLINTH_PLUGIN_ENTRY_SYMBOL, returning its descriptor. The
 *    core checks the descriptor's size and ABI version before it calls anything else.
 *  - Ownership: the core owns every tensor, node and context; a plugin owns what its `init` returns
 *    and releases it in `free`. Pointers handed to a call are valid for that call only, unless a
 *    comment below says otherwise.
 *
 * See docs/plugin-sdk.md for a walk-through and plinth/plugin.hpp for the C++ layer on top.
 */
#ifndef PLINTH_PLUGIN_H_
#define PLINTH_PLUGIN_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ABI version this header describes. Major: incompatible change. Minor: appended fields. */
#define PLINTH_ABI_MAJOR 1
#define PLINTH_ABI_MINOR 2

/* Name of the one symbol a plugin exports (type PlinthPluginEntryFn). */
#define PLINTH_PLUGIN_ENTRY_SYMBOL "plinth_plugin_entry"

#if defined(__GNUC__)
#define PLINTH_EXPORT __attribute__((visibility("default")))
#else
#define PLINTH_EXPORT
#endif

/* Result of every fallible call. */
typedef enum PlinthStatus {
  PLINTH_OK = 0,
  /* Failure; the callee reported a message through the error callback it was given. */
  PLINTH_ERROR = 1,
  /* Valid request that this plugin, kernel or delegate does not serve (not a fault). */
  PLINTH_UNSUPPORTED = 2,
} PlinthStatus;

/* Tensor element types; the values are those of the TFL3 format. */
typedef enum PlinthType {
  PLINTH_FLOAT32 = 0,
  PLINTH_FLOAT16 = 1,
  PLINTH_INT32 = 2,
  PLINTH_UINT8 = 3,
  PLINTH_INT64 = 4,
  PLINTH_STRING = 5,
  PLINTH_BOOL = 6,
  PLINTH_INT16 = 7,
  PLINTH_COMPLEX64 = 8,
  PLINTH_INT8 = 9,
  PLINTH_FLOAT64 = 10,
  PLINTH_COMPLEX128 = 11,
  PLINTH_UINT64 = 12,
  PLINTH_RESOURCE = 13,
  PLINTH_VARIANT = 14,
  PLINTH_UINT32 = 15,
  PLINTH_UINT16 = 16,
  PLINTH_INT4 = 17,
  PLINTH_BFLOAT16 = 18,
} PlinthType;

/* Values of the `padding` option of convolutions and pools (format values). */
typedef enum PlinthPadding {
  PLINTH_PADDING_SAME = 0,
  PLINTH_PADDING_VALID = 1,
} PlinthPadding;

/* Values of the `fused_activation_function` option (format values). */
typedef enum PlinthActivation {
  PLINTH_ACTIVATION_NONE = 0,
  PLINTH_ACTIVATION_RELU = 1,
  PLINTH_ACTIVATION_RELU_N1_TO_1 = 2,
  PLINTH_ACTIVATION_RELU6 = 3,
  PLINTH_ACTIVATION_TANH = 4,
  PLINTH_ACTIVATION_SIGN_BIT = 5,
} PlinthActivation;

/* ------------------------------------------------------------------------------------------------
 * Tensors and nodes, as kernels see them. The core owns all of this memory.
 * ----------------------------------------------------------------------------------------------*/

/* Tensor flags (PlinthTensor.flags). */
#define PLINTH_TENSOR_CONSTANT (1u << 0) /* data comes from the model: read-only, always valid */
#define PLINTH_TENSOR_VARIABLE (1u << 1) /* state that persists across invocations */
#define PLINTH_TENSOR_DYNAMIC (1u << 2)  /* shape set during invoke; memory outside the arena */
#define PLINTH_TENSOR_INPUT (1u << 3)    /* an input of its subgraph */
#define PLINTH_TENSOR_OUTPUT (1u << 4)   /* an output of its subgraph */

/* Affine quantization: real = scale * (q - zero_point). */
typedef struct PlinthQuantization {
  uint32_t struct_size;
  /* 0: not quantized; 1: per tensor; more: one per slice along quantized_dimension. */
  int32_t num_params;
  const float* scales;         /* num_params entries */
  const int64_t* zero_points;  /* num_params entries */
  int32_t quantized_dimension; /* meaningful when num_params > 1 */
} PlinthQuantization;

typedef struct PlinthTensor {
  uint32_t struct_size;
  int32_t index;    /* index of the tensor in its subgraph */
  const char* name; /* never null; may be empty */
  PlinthType type;
  int32_t rank;
  const int32_t* dims; /* rank entries; valid until the tensor is next resized */
  /* Element storage. Valid during invoke (and always for constants); null before memory is
   * planned. Kernels must not write to PLINTH_TENSOR_CONSTANT tensors. */
  void* data;
  size_t bytes;                           /* bytes of data (element count x element size) */
  const PlinthQuantization* quantization; /* never null; num_params == 0 when not quantized */
  uint32_t flags;                         /* PLINTH_TENSOR_* bits */
} PlinthTensor;

/* Builtin options of a node; opaque, read with PlinthContext.get_option. */
typedef struct PlinthOptions PlinthOptions;

typedef struct PlinthNode {
  uint32_t struct_size;
  int32_t index;          /* index of the node in its subgraph's execution order */
  int32_t subgraph_index; /* the subgraph the node belongs to */
  const char* op_name;    /* builtin name ("CONV_2D") or the custom op's name */
  int32_t builtin_code;   /* TFL3 builtin code; 32 (CUSTOM) for custom ops */
  int32_t version;        /* op version from the model */
  int32_t num_inputs;
  PlinthTensor* const* inputs; /* entries are null for omitted optional inputs */
  int32_t num_outputs;
  PlinthTensor* const* outputs;
  int32_t num_intermediates;
  PlinthTensor* const* intermediates;
  const uint8_t* custom_options; /* custom ops' option bytes (usually a FlexBuffer), or null */
  size_t custom_options_size;
  const PlinthOptions* options; /* builtin options, or null when the node has none */
  void* user_data;              /* what the kernel's init stored; owned by the kernel */
} PlinthNode;

/* Kinds of option values returned by get_option. */
typedef enum PlinthOptionKind {
  PLINTH_OPTION_ABSENT = 0, /* the option table has no field of that name */
  PLINTH_OPTION_INT = 1,    /* integers, enums and bools: `i` */
  PLINTH_OPTION_FLOAT = 2,  /* `f` */
  PLINTH_OPTION_ARRAY = 3,  /* `array` of `array_size` elements of `array_type` */
  PLINTH_OPTION_STRING = 4, /* `string`, NUL-terminated, `array_size` bytes */
} PlinthOptionKind;

typedef struct PlinthOptionValue {
  uint32_t struct_size;
  PlinthOptionKind kind;
  int64_t i;
  double f;
  const void* array; /* points into the model; valid as long as the node */
  int32_t array_size;
  PlinthType array_type;
  const char* string;
} PlinthOptionValue;

/* ------------------------------------------------------------------------------------------------
 * Services the core offers a kernel. Passed to every kernel call; valid for that call only.
 * ----------------------------------------------------------------------------------------------*/

/* Work item of parallel_for: handles [begin, begin + count). */
typedef void (*PlinthParallelFn)(void* arg, size_t begin, size_t count);

typedef struct PlinthContext PlinthContext;
struct PlinthContext {
  uint32_t struct_size;
  void* impl; /* core-private */

  /* Records an error message; the core prefixes node, op and plugin. Returns nothing. */
  void (*report_error)(PlinthContext* ctx, const char* message);
  /* Records a warning, printed once per distinct message and model. */
  void (*report_warning)(PlinthContext* ctx, const char* message);

  /* Sets a tensor's shape. In prepare: any output. In invoke: only PLINTH_TENSOR_DYNAMIC outputs
   * (their memory is reallocated as needed). */
  PlinthStatus (*resize_tensor)(PlinthContext* ctx, PlinthTensor* tensor, int32_t rank,
                                const int32_t* dims);
  /* In prepare: declares that an output's shape is known only during invoke. */
  PlinthStatus (*set_dynamic)(PlinthContext* ctx, PlinthTensor* tensor);

  /* In prepare: asks for `bytes` of scratch memory (64-byte aligned) valid during this node's
   * invoke; stores a handle in `*handle`. */
  PlinthStatus (*request_scratch)(PlinthContext* ctx, size_t bytes, int32_t* handle);
  /* In invoke: the memory behind a scratch handle of this node. */
  void* (*get_scratch)(PlinthContext* ctx, int32_t handle);

  /* Reads the builtin option `name` (a field of the node's option table in the TFL3 schema).
   * Returns PLINTH_OK with kind ABSENT when the table has no such field or the node no options;
   * a field the file leaves out yields its schema default. */
  PlinthStatus (*get_option)(PlinthContext* ctx, const PlinthNode* node, const char* name,
                             PlinthOptionValue* value);

  /* Number of threads parallel_for may use (1 or more). */
  int32_t (*num_threads)(PlinthContext* ctx);
  /* Runs fn over [0, range) in tiles of `tile` items, possibly on several threads, and returns
   * when all are done. fn must not call back into the context. */
  void (*parallel_for)(PlinthContext* ctx, size_t range, size_t tile, PlinthParallelFn fn,
                       void* arg);

  /* ABI 1.1 ------------------------------------------------------------------------------------ */

  /* Runs subgraph `subgraph_index` of the same model (control flow: IF, WHILE, CALL_ONCE).
   * Inputs are copied in (resizing the subgraph's inputs to match), the subgraph is prepared when
   * needed and invoked, and its outputs are copied into `outputs` (resized to match; they must be
   * dynamic when the size changes during invoke). */
  PlinthStatus (*invoke_subgraph)(PlinthContext* ctx, int32_t subgraph_index,
                                  PlinthTensor* const* inputs, int32_t num_inputs,
                                  PlinthTensor* const* outputs, int32_t num_outputs);
  /* Describes subgraph `subgraph_index`: its input and output counts, and a view of one of its
   * input (is_output = 0) or output (is_output = 1) tensors as last prepared. Null when out of
   * range. */
  const PlinthTensor* (*subgraph_tensor)(PlinthContext* ctx, int32_t subgraph_index,
                                         int32_t is_output, int32_t position);
  int32_t (*subgraph_io_count)(PlinthContext* ctx, int32_t subgraph_index, int32_t is_output);
  /* Resource variables (VAR_HANDLE / READ_VARIABLE / ASSIGN_VARIABLE): the interpreter-wide slot
   * for (container, shared_name), created on first use. The returned tensor is owned by the core,
   * lives as long as the interpreter, and starts with rank -1 (never assigned). */
  PlinthTensor* (*resource_variable)(PlinthContext* ctx, const char* container,
                                     const char* shared_name);
  /* Sets a resource variable's type and shape and gives it memory (contents undefined). */
  PlinthStatus (*resize_resource_variable)(PlinthContext* ctx, PlinthTensor* variable,
                                           PlinthType type, int32_t rank, const int32_t* dims);
  /* Data shared by every interpreter of one loaded model, keyed by (node, key): `create` runs once
   * (thread-safe) and the result lives until the model is unloaded, then `destroy` frees it.
   * Use it for work that depends only on constants, e.g. packed weights. `bytes` is reported. */
  void* (*get_model_shared)(PlinthContext* ctx, const PlinthNode* node, uint32_t key,
                            void* (*create)(void* arg, size_t* bytes), void* arg,
                            void (*destroy)(void* data));
};

/* ------------------------------------------------------------------------------------------------
 * Op registrations: what a plugin offers.
 * ----------------------------------------------------------------------------------------------*/

typedef struct PlinthOpRegistration {
  uint32_t struct_size;
  /* Exactly one of the two names is set. builtin_name is a TFL3 BuiltinOperator name. */
  const char* builtin_name;
  const char* custom_name;
  int32_t min_version; /* inclusive range of op versions served */
  int32_t max_version;
  /* Input element types the kernel serves, for listings (`plinth plugins`, docs/ops.md). */
  const PlinthType* types;
  int32_t num_types;
  /* Creates per-node state in *user_data (may stay null). Optional. */
  PlinthStatus (*init)(PlinthContext* ctx, PlinthNode* node, void** user_data);
  /* Frees what init created. Optional. */
  void (*free)(void* user_data);
  /* Checks inputs, sets output shapes, requests scratch. Called again after inputs are resized. */
  PlinthStatus (*prepare)(PlinthContext* ctx, PlinthNode* node);
  /* Computes the outputs. Must not allocate on the heap. */
  PlinthStatus (*invoke)(PlinthContext* ctx, PlinthNode* node);

  /* ABI 1.2 ------------------------------------------------------------------------------------ */

  /* Optional. Offers `producer`, the node that writes input `input_index` of `node` and whose
   * output nothing else reads (e.g. a PAD before a convolution). Return PLINTH_OK to do the
   * producer's work inside this node: the core then feeds the producer's input 0 in place of that
   * input and drops the producer from the plan. Any other status leaves both nodes as they are.
   * Called after init and before the first prepare; constant inputs of `producer` have data. */
  PlinthStatus (*absorb_producer)(PlinthContext* ctx, PlinthNode* node, int32_t input_index,
                                  const PlinthNode* producer);
} PlinthOpRegistration;

/* ------------------------------------------------------------------------------------------------
 * Delegates (ABI 1.1): a plugin that takes over whole partitions of a graph.
 * ----------------------------------------------------------------------------------------------*/

/* One delegate instance, created per interpreter from options. Opaque to the core. */
typedef struct PlinthDelegateInstance PlinthDelegateInstance;
/* One partition the delegate took over; opaque to the core. */
typedef struct PlinthDelegateKernel PlinthDelegateKernel;

/* The subgraph a delegate is asked about: node views with their tensors. */
typedef struct PlinthGraphView {
  uint32_t struct_size;
  int32_t num_nodes;
  const PlinthNode* const* nodes; /* in execution order; tensors carry prepared shapes */
  int32_t num_tensors;
  const PlinthTensor* const* tensors;
} PlinthGraphView;

/* A partition handed to a delegate: node indices plus the tensors crossing its border. */
typedef struct PlinthPartition {
  uint32_t struct_size;
  int32_t num_nodes;
  const int32_t* nodes;
  int32_t num_inputs; /* tensors read from outside the partition, constants included */
  const int32_t* inputs;
  int32_t num_outputs; /* tensors used after the partition or outputs of the subgraph */
  const int32_t* outputs;
} PlinthPartition;

typedef struct PlinthDelegateRegistration {
  uint32_t struct_size;
  const char* name; /* what `--delegate NAME` matches */
  const char* description;
  /* Creates an instance from `key=value` options. PLINTH_UNSUPPORTED means "not available here"
   * (no library, no device): the interpreter falls back to the CPU with the reported reason. */
  PlinthStatus (*create)(PlinthContext* ctx, const char* const* keys, const char* const* values,
                         int32_t num_options, PlinthDelegateInstance** instance);
  void (*destroy)(PlinthDelegateInstance* instance);
  /* Can the delegate run node `node_index` of `graph`? Returns PLINTH_OK (yes) or
   * PLINTH_UNSUPPORTED with a short reason written to `reason` (at most reason_size bytes). */
  PlinthStatus (*supports_node)(PlinthDelegateInstance* instance, PlinthContext* ctx,
                                const PlinthGraphView* graph, int32_t node_index, char* reason,
                                size_t reason_size);
  /* Builds a kernel for one partition (compile, upload constants). PLINTH_ERROR or
   * PLINTH_UNSUPPORTED makes the core fall back to the CPU for those nodes. */
  PlinthStatus (*prepare)(PlinthDelegateInstance* instance, PlinthContext* ctx,
                          const PlinthGraphView* graph, const PlinthPartition* partition,
                          PlinthDelegateKernel** kernel);
  /* Runs a partition: read `inputs` (tensors of the graph view, in partition order, data valid)
   * and write `outputs`. A failure makes the core rerun the partition on the CPU. */
  PlinthStatus (*invoke)(PlinthDelegateKernel* kernel, PlinthContext* ctx,
                         PlinthTensor* const* inputs, int32_t num_inputs,
                         PlinthTensor* const* outputs, int32_t num_outputs);
  void (*free_kernel)(PlinthDelegateKernel* kernel);
} PlinthDelegateRegistration;

/* ------------------------------------------------------------------------------------------------
 * Registration: the plugin's entry point and what it receives.
 * ----------------------------------------------------------------------------------------------*/

typedef struct PlinthRegistrar PlinthRegistrar;
struct PlinthRegistrar {
  uint32_t struct_size;
  void* impl;              /* core-private */
  uint16_t core_abi_major; /* the ABI of the core doing the loading */
  uint16_t core_abi_minor;
  /* Offers an op. The core copies the registration and its strings. */
  PlinthStatus (*register_op)(PlinthRegistrar* registrar, const PlinthOpRegistration* op);
  /* Explains why register_plugin fails. */
  void (*report_error)(PlinthRegistrar* registrar, const char* message);
  /* ABI 1.1: offers a delegate. The core copies the registration and its strings. */
  PlinthStatus (*register_delegate)(PlinthRegistrar* registrar,
                                    const PlinthDelegateRegistration* delegate);
};

typedef struct PlinthPluginDescriptor {
  uint32_t struct_size;
  uint16_t abi_major;   /* PLINTH_ABI_MAJOR the plugin was built with */
  uint16_t abi_minor;   /* PLINTH_ABI_MINOR the plugin was built with */
  const char* name;     /* short unique name, e.g. "builtin_ops" */
  const char* version;  /* the plugin's own version */
  const char* build_id; /* anything that identifies the build (compiler, date, commit) */
  /* Registers everything the plugin offers. Called once, after the ABI check. */
  PlinthStatus (*register_plugin)(PlinthRegistrar* registrar);
} PlinthPluginDescriptor;

/* Type of the exported entry symbol. Returns a descriptor with static lifetime, or null on
 * failure. Must not depend on static initializers of other libraries. */
typedef const PlinthPluginDescriptor* (*PlinthPluginEntryFn)(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PLINTH_PLUGIN_H_ */
