// Which Plinth nodes become which NNAPI operations. One function per op does both jobs: with no
// model it only checks (types, ranks, quantization, constant operands, the feature level the
// NNAPI operation needs for them), with a model it also emits the operands and operations.
#ifndef PLINTH_DELEGATES_NNAPI_NNAPI_OPS_H_
#define PLINTH_DELEGATES_NNAPI_NNAPI_OPS_H_

#include <string>
#include <vector>

#include "delegates/nnapi/nnapi_model.h"
#include "plinth/plugin.h"

namespace plinth::nnapi {

// Whether `node` translates exactly at `feature_level`; if not, a short reason.
bool CanTranslate(PlinthContext* ctx, const PlinthNode* node, int feature_level,
                  std::string* reason);

// Adds the operations of `node` to `model` (CanTranslate must have said yes).
bool Translate(PlinthContext* ctx, const PlinthNode* node, int feature_level, NnModel* model,
               std::string* error);

// The TFLite op names the delegate knows, for docs and listings.
std::vector<std::string> TranslatedOps();

}  // namespace plinth::nnapi

#endif  // PLINTH_DELEGATES_NNAPI_NNAPI_OPS_H_
