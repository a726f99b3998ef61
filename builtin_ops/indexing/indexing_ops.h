// Registration functions of the indexing/ kernels (gather/scatter, slicing by values, generators (range, fill, one-hot), where, top-k), one per op file.
#ifndef PLINTH_BUILTIN_OPS_INDEXING_INDEXING_OPS_H_
#define PLINTH_BUILTIN_OPS_INDEXING_INDEXING_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {



}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_INDEXING_INDEXING_OPS_H_
