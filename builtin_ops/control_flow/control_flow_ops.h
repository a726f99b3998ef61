// Registration functions of the control_flow/ kernels (CALL_ONCE, IF, WHILE and resource
// variables), one per op file.
#ifndef PLINTH_BUILTIN_OPS_CONTROL_FLOW_CONTROL_FLOW_OPS_H_
#define PLINTH_BUILTIN_OPS_CONTROL_FLOW_CONTROL_FLOW_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

PlinthStatus RegisterIf(Registrar& r);
PlinthStatus RegisterWhile(Registrar& r);
PlinthStatus RegisterCallOnce(Registrar& r);
// VAR_HANDLE, READ_VARIABLE and ASSIGN_VARIABLE.
PlinthStatus RegisterResourceVariables(Registrar& r);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_CONTROL_FLOW_CONTROL_FLOW_OPS_H_
