// Registration functions of the sequence/ kernels (LSTM, RNN, SVDF), one per op file.
#ifndef PLINTH_BUILTIN_OPS_SEQUENCE_SEQUENCE_OPS_H_
#define PLINTH_BUILTIN_OPS_SEQUENCE_SEQUENCE_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

PlinthStatus RegisterUnidirectionalSequenceLstm(Registrar& r);
PlinthStatus RegisterBidirectionalSequenceLstm(Registrar& r);
PlinthStatus RegisterUnidirectionalSequenceRnn(Registrar& r);
PlinthStatus RegisterSvdf(Registrar& r);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_SEQUENCE_SEQUENCE_OPS_H_
