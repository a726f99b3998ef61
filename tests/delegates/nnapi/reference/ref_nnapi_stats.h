/* What the reference NNAPI library saw, for tests: exported as PlinthRefNnapi_GetStats and
 * PlinthRefNnapi_ResetStats (look them up with dlsym on the same library the delegate loaded). */
#ifndef PLINTH_TESTS_DELEGATES_NNAPI_REFERENCE_REF_NNAPI_STATS_H_
#define PLINTH_TESTS_DELEGATES_NNAPI_REFERENCE_REF_NNAPI_STATS_H_

#include <stddef.h>
#include <stdint.h>

typedef struct PlinthRefNnapiStats {
  int32_t models_finished;
  int32_t operations_finished; /* operations in finished models */
  int32_t values_copied;       /* setOperandValue of <= 128 bytes */
  int32_t values_referenced;   /* setOperandValue of > 128 bytes (kept by pointer) */
  int32_t values_from_memory;  /* setOperandValueFromMemory */
  size_t bytes_from_memory;
  int32_t memories_created;
  int32_t compilations_finished;
  int32_t last_preference;
  int32_t last_priority; /* -1: never set */
  int32_t relaxed_models;
  int32_t cache_hits; /* compilations whose token was found in the cache dir */
  int32_t cache_writes;
  int32_t executions;
} PlinthRefNnapiStats;

typedef void (*PlinthRefNnapi_GetStats_fn)(PlinthRefNnapiStats* stats);
typedef void (*PlinthRefNnapi_ResetStats_fn)(void);

#endif /* PLINTH_TESTS_DELEGATES_NNAPI_REFERENCE_REF_NNAPI_STATS_H_ */
