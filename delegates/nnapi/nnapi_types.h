/* Our own declarations of the part of the Android NNAPI (NeuralNetworks.h, NDK) that the NNAPI
 * delegate uses: opaque handles, operand and operation codes, fuse/padding/preference/priority and
 * result codes, the two parameter structs, and the C function signatures. The numeric values are
 * those of the NDK API, so the delegate is ABI-compatible with a device's libneuralnetworks.so; the
 * functions are never linked, only looked up with dlsym (nnapi_library.h). The test suite's
 * reference implementation (tests/delegates/nnapi/reference) is built against this header too.
 *
 * C, so that a C implementation can include it. */
#ifndef PLINTH_DELEGATES_NNAPI_NNAPI_TYPES_H_
#define PLINTH_DELEGATES_NNAPI_NNAPI_TYPES_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque objects owned by the NNAPI runtime. */
typedef struct ANeuralNetworksMemory ANeuralNetworksMemory;
typedef struct ANeuralNetworksModel ANeuralNetworksModel;
typedef struct ANeuralNetworksCompilation ANeuralNetworksCompilation;
typedef struct ANeuralNetworksExecution ANeuralNetworksExecution;
typedef struct ANeuralNetworksEvent ANeuralNetworksEvent;
typedef struct ANeuralNetworksDevice ANeuralNetworksDevice;

/* Operand types (OperandCode). */
enum {
  ANEURALNETWORKS_FLOAT32 = 0,
  ANEURALNETWORKS_INT32 = 1,
  ANEURALNETWORKS_UINT32 = 2,
  ANEURALNETWORKS_TENSOR_FLOAT32 = 3,
  ANEURALNETWORKS_TENSOR_INT32 = 4,
  ANEURALNETWORKS_TENSOR_QUANT8_ASYMM = 5,
  ANEURALNETWORKS_BOOL = 6,
  ANEURALNETWORKS_TENSOR_QUANT16_SYMM = 7,
  ANEURALNETWORKS_TENSOR_FLOAT16 = 8,
  ANEURALNETWORKS_TENSOR_BOOL8 = 9,
  ANEURALNETWORKS_FLOAT16 = 10,
  ANEURALNETWORKS_TENSOR_QUANT8_SYMM_PER_CHANNEL = 11,
  ANEURALNETWORKS_TENSOR_QUANT16_ASYMM = 12,
  ANEURALNETWORKS_TENSOR_QUANT8_SYMM = 13,
  ANEURALNETWORKS_TENSOR_QUANT8_ASYMM_SIGNED = 14,
  ANEURALNETWORKS_MODEL = 15,
};

/* Operation types (OperationCode); the ones the delegate emits, plus their neighbours for
 * messages. */
typedef int32_t ANeuralNetworksOperationType;
enum {
  ANEURALNETWORKS_ADD = 0,
  ANEURALNETWORKS_AVERAGE_POOL_2D = 1,
  ANEURALNETWORKS_CONCATENATION = 2,
  ANEURALNETWORKS_CONV_2D = 3,
  ANEURALNETWORKS_DEPTHWISE_CONV_2D = 4,
  ANEURALNETWORKS_DEPTH_TO_SPACE = 5,
  ANEURALNETWORKS_DEQUANTIZE = 6,
  ANEURALNETWORKS_FULLY_CONNECTED = 9,
  ANEURALNETWORKS_LOGISTIC = 14,
  ANEURALNETWORKS_MAX_POOL_2D = 17,
  ANEURALNETWORKS_MUL = 18,
  ANEURALNETWORKS_RELU = 19,
  ANEURALNETWORKS_RELU1 = 20,
  ANEURALNETWORKS_RELU6 = 21,
  ANEURALNETWORKS_RESHAPE = 22,
  ANEURALNETWORKS_RESIZE_BILINEAR = 23,
  ANEURALNETWORKS_SOFTMAX = 25,
  ANEURALNETWORKS_SPACE_TO_DEPTH = 26,
  ANEURALNETWORKS_TANH = 28,
  ANEURALNETWORKS_DIV = 30,
  ANEURALNETWORKS_MEAN = 31,
  ANEURALNETWORKS_PAD = 32,
  ANEURALNETWORKS_STRIDED_SLICE = 35,
  ANEURALNETWORKS_SUB = 36,
  ANEURALNETWORKS_TRANSPOSE = 37,
  ANEURALNETWORKS_MAXIMUM = 65,
  ANEURALNETWORKS_MINIMUM = 66,
  ANEURALNETWORKS_PAD_V2 = 69,
  ANEURALNETWORKS_QUANTIZE = 72,
  ANEURALNETWORKS_HARD_SWISH = 99,
};

/* Fused activations (FuseCode). */
enum {
  ANEURALNETWORKS_FUSED_NONE = 0,
  ANEURALNETWORKS_FUSED_RELU = 1,
  ANEURALNETWORKS_FUSED_RELU1 = 2,
  ANEURALNETWORKS_FUSED_RELU6 = 3,
};

/* Implicit padding schemes (PaddingCode). The delegate always passes explicit padding. */
enum {
  ANEURALNETWORKS_PADDING_SAME = 1,
  ANEURALNETWORKS_PADDING_VALID = 2,
};

/* Compilation preferences (PreferenceCode). */
enum {
  ANEURALNETWORKS_PREFER_LOW_POWER = 0,
  ANEURALNETWORKS_PREFER_FAST_SINGLE_ANSWER = 1,
  ANEURALNETWORKS_PREFER_SUSTAINED_SPEED = 2,
};

/* Compilation priorities (PriorityCode, feature level 4). */
enum {
  ANEURALNETWORKS_PRIORITY_LOW = 90,
  ANEURALNETWORKS_PRIORITY_MEDIUM = 100,
  ANEURALNETWORKS_PRIORITY_HIGH = 110,
  ANEURALNETWORKS_PRIORITY_DEFAULT = ANEURALNETWORKS_PRIORITY_MEDIUM,
};

/* Device types (DeviceTypeCode). */
enum {
  ANEURALNETWORKS_DEVICE_UNKNOWN = 0,
  ANEURALNETWORKS_DEVICE_OTHER = 1,
  ANEURALNETWORKS_DEVICE_CPU = 2,
  ANEURALNETWORKS_DEVICE_GPU = 3,
  ANEURALNETWORKS_DEVICE_ACCELERATOR = 4,
};

/* Feature levels (FeatureLevelCode): the Android API level up to 31, then 1000000 + level. */
enum {
  ANEURALNETWORKS_FEATURE_LEVEL_1 = 27,
  ANEURALNETWORKS_FEATURE_LEVEL_2 = 28,
  ANEURALNETWORKS_FEATURE_LEVEL_3 = 29,
  ANEURALNETWORKS_FEATURE_LEVEL_4 = 30,
  ANEURALNETWORKS_FEATURE_LEVEL_5 = 31,
  ANEURALNETWORKS_FEATURE_LEVEL_6 = 1000006,
  ANEURALNETWORKS_FEATURE_LEVEL_7 = 1000007,
  ANEURALNETWORKS_FEATURE_LEVEL_8 = 1000008,
};

/* Result codes (ResultCode). */
enum {
  ANEURALNETWORKS_NO_ERROR = 0,
  ANEURALNETWORKS_OUT_OF_MEMORY = 1,
  ANEURALNETWORKS_INCOMPLETE = 2,
  ANEURALNETWORKS_UNEXPECTED_NULL = 3,
  ANEURALNETWORKS_BAD_DATA = 4,
  ANEURALNETWORKS_OP_FAILED = 5,
  ANEURALNETWORKS_BAD_STATE = 6,
  ANEURALNETWORKS_UNMAPPABLE = 7,
  ANEURALNETWORKS_OUTPUT_INSUFFICIENT_SIZE = 8,
  ANEURALNETWORKS_UNAVAILABLE_DEVICE = 9,
  ANEURALNETWORKS_MISSED_DEADLINE_TRANSIENT = 10,
  ANEURALNETWORKS_MISSED_DEADLINE_PERSISTENT = 11,
  ANEURALNETWORKS_RESOURCE_EXHAUSTED_TRANSIENT = 12,
  ANEURALNETWORKS_RESOURCE_EXHAUSTED_PERSISTENT = 13,
  ANEURALNETWORKS_DEAD_OBJECT = 14,
};

/* Values up to this many bytes are copied by setOperandValue; longer ones are referenced. */
enum { ANEURALNETWORKS_MAX_SIZE_OF_IMMEDIATELY_COPIED_VALUES = 128 };
/* Length of the compilation cache token. */
enum { ANEURALNETWORKS_BYTE_SIZE_OF_CACHE_TOKEN = 32 };

/* Type of an operand: scalar when dimensionCount is 0. */
typedef struct ANeuralNetworksOperandType {
  int32_t type;
  uint32_t dimensionCount;
  const uint32_t* dimensions;
  float scale;
  int32_t zeroPoint;
} ANeuralNetworksOperandType;

/* Per-channel scales of a TENSOR_QUANT8_SYMM_PER_CHANNEL operand. */
typedef struct ANeuralNetworksSymmPerChannelQuantParams {
  uint32_t channelDim;
  uint32_t scaleCount;
  const float* scales;
} ANeuralNetworksSymmPerChannelQuantParams;

/* Function signatures (feature level in brackets: the first that has the function). */
typedef int (*ANeuralNetworksMemory_createFromFd_fn)(size_t size, int protect, int fd,
                                                     size_t offset,
                                                     ANeuralNetworksMemory** memory); /* 1 */
typedef void (*ANeuralNetworksMemory_free_fn)(ANeuralNetworksMemory* memory);         /* 1 */
typedef int (*ANeuralNetworksModel_create_fn)(ANeuralNetworksModel** model);          /* 1 */
typedef void (*ANeuralNetworksModel_free_fn)(ANeuralNetworksModel* model);            /* 1 */
typedef int (*ANeuralNetworksModel_finish_fn)(ANeuralNetworksModel* model);           /* 1 */
typedef int (*ANeuralNetworksModel_addOperand_fn)(ANeuralNetworksModel* model,
                                                  const ANeuralNetworksOperandType* type); /* 1 */
typedef int (*ANeuralNetworksModel_setOperandValue_fn)(ANeuralNetworksModel* model, int32_t index,
                                                       const void* buffer, size_t length); /* 1 */
typedef int (*ANeuralNetworksModel_setOperandValueFromMemory_fn)(
    ANeuralNetworksModel* model, int32_t index, const ANeuralNetworksMemory* memory, size_t offset,
    size_t length); /* 1 */
typedef int (*ANeuralNetworksModel_addOperation_fn)(ANeuralNetworksModel* model,
                                                    ANeuralNetworksOperationType type,
                                                    uint32_t inputCount, const uint32_t* inputs,
                                                    uint32_t outputCount,
                                                    const uint32_t* outputs); /* 1 */
typedef int (*ANeuralNetworksModel_identifyInputsAndOutputs_fn)(ANeuralNetworksModel* model,
                                                                uint32_t inputCount,
                                                                const uint32_t* inputs,
                                                                uint32_t outputCount,
                                                                const uint32_t* outputs); /* 1 */
typedef int (*ANeuralNetworksModel_relaxComputationFloat32toFloat16_fn)(ANeuralNetworksModel* model,
                                                                        bool allow); /* 2 */
typedef int (*ANeuralNetworksModel_setOperandSymmPerChannelQuantParams_fn)(
    ANeuralNetworksModel* model, int32_t index,
    const ANeuralNetworksSymmPerChannelQuantParams* channelQuant); /* 3 */
typedef int (*ANeuralNetworksModel_getSupportedOperationsForDevices_fn)(
    const ANeuralNetworksModel* model, const ANeuralNetworksDevice* const* devices,
    uint32_t numDevices, bool* supportedOps); /* 3 */
typedef int (*ANeuralNetworksCompilation_create_fn)(
    ANeuralNetworksModel* model, ANeuralNetworksCompilation** compilation); /* 1 */
typedef int (*ANeuralNetworksCompilation_createForDevices_fn)(
    ANeuralNetworksModel* model, const ANeuralNetworksDevice* const* devices, uint32_t numDevices,
    ANeuralNetworksCompilation** compilation);                                               /* 3 */
typedef void (*ANeuralNetworksCompilation_free_fn)(ANeuralNetworksCompilation* compilation); /* 1 */
typedef int (*ANeuralNetworksCompilation_setPreference_fn)(ANeuralNetworksCompilation* compilation,
                                                           int32_t preference); /* 1 */
typedef int (*ANeuralNetworksCompilation_setCaching_fn)(ANeuralNetworksCompilation* compilation,
                                                        const char* cacheDir,
                                                        const uint8_t* token); /* 3 */
typedef int (*ANeuralNetworksCompilation_setPriority_fn)(ANeuralNetworksCompilation* compilation,
                                                         int priority); /* 4 */
typedef int (*ANeuralNetworksCompilation_finish_fn)(
    ANeuralNetworksCompilation* compilation); /* 1 */
typedef int (*ANeuralNetworksExecution_create_fn)(ANeuralNetworksCompilation* compilation,
                                                  ANeuralNetworksExecution** execution); /* 1 */
typedef void (*ANeuralNetworksExecution_free_fn)(ANeuralNetworksExecution* execution);   /* 1 */
typedef int (*ANeuralNetworksExecution_setInput_fn)(ANeuralNetworksExecution* execution,
                                                    int32_t index,
                                                    const ANeuralNetworksOperandType* type,
                                                    const void* buffer, size_t length); /* 1 */
typedef int (*ANeuralNetworksExecution_setOutput_fn)(ANeuralNetworksExecution* execution,
                                                     int32_t index,
                                                     const ANeuralNetworksOperandType* type,
                                                     void* buffer, size_t length); /* 1 */
typedef int (*ANeuralNetworksExecution_startCompute_fn)(ANeuralNetworksExecution* execution,
                                                        ANeuralNetworksEvent** event);   /* 1 */
typedef int (*ANeuralNetworksEvent_wait_fn)(ANeuralNetworksEvent* event);                /* 1 */
typedef void (*ANeuralNetworksEvent_free_fn)(ANeuralNetworksEvent* event);               /* 1 */
typedef int (*ANeuralNetworksExecution_compute_fn)(ANeuralNetworksExecution* execution); /* 3 */
typedef int (*ANeuralNetworks_getDeviceCount_fn)(uint32_t* numDevices);                  /* 3 */
typedef int (*ANeuralNetworks_getDevice_fn)(uint32_t devIndex,
                                            ANeuralNetworksDevice** device); /* 3 */
typedef int (*ANeuralNetworksDevice_getName_fn)(const ANeuralNetworksDevice* device,
                                                const char** name); /* 3 */
typedef int (*ANeuralNetworksDevice_getType_fn)(const ANeuralNetworksDevice* device,
                                                int32_t* type); /* 3 */
typedef int (*ANeuralNetworksDevice_getFeatureLevel_fn)(const ANeuralNetworksDevice* device,
                                                        int64_t* featureLevel); /* 3 */
typedef int64_t (*ANeuralNetworks_getRuntimeFeatureLevel_fn)(void);             /* 5 */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PLINTH_DELEGATES_NNAPI_NNAPI_TYPES_H_ */
