// Which BuiltinOptions table the converter writes for each builtin op. The schema itself does not
// say; this table is the builder's knowledge of the format.
#ifndef PLINTH_TOOLS_MODEL_BUILDER_OP_OPTIONS_TABLE_H_
#define PLINTH_TOOLS_MODEL_BUILDER_OP_OPTIONS_TABLE_H_

#include <string_view>

namespace plinth {

// The option table name for a builtin op name ("CONV_2D" -> "Conv2DOptions"), or empty when the
// op takes no options.
std::string_view OptionsTableForOp(std::string_view op_name);

}  // namespace plinth

#endif  // PLINTH_TOOLS_MODEL_BUILDER_OP_OPTIONS_TABLE_H_
