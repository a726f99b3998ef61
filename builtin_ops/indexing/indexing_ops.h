// Registration functions of the indexing/ kernels (gather/scatter, slicing by values, generators
// (range, fill, one-hot), where, top-k), one per op file.
#ifndef PLINTH_BUILTIN_OPS_INDEXING_INDEXING_OPS_H_
#define PLINTH_BUILTIN_OPS_INDEXING_INDEXING_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

PlinthStatus RegisterGather(Registrar& r);              // gather.cc
PlinthStatus RegisterGatherNd(Registrar& r);            // gather_nd.cc
PlinthStatus RegisterScatterNd(Registrar& r);           // scatter_nd.cc
PlinthStatus RegisterEmbeddingLookup(Registrar& r);     // embedding_lookup.cc
PlinthStatus RegisterDynamicUpdateSlice(Registrar& r);  // dynamic_update_slice.cc
PlinthStatus RegisterFill(Registrar& r);                // fill.cc
PlinthStatus RegisterZerosLike(Registrar& r);           // zeros_like.cc
PlinthStatus RegisterRange(Registrar& r);               // range.cc
PlinthStatus RegisterOneHot(Registrar& r);              // one_hot.cc
PlinthStatus RegisterWhere(Registrar& r);               // where.cc
PlinthStatus RegisterTopKV2(Registrar& r);              // topk_v2.cc

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_INDEXING_INDEXING_OPS_H_
