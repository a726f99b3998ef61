# Writes OUTPUT, a C++ file defining `const char* NAME` with the contents of INPUT.
file(READ ${INPUT} content)
file(WRITE ${OUTPUT} "// Generated from ${INPUT}; do not edit.\nnamespace plinth::gpu {\nextern const char* const ${NAME};\nconst char* const ${NAME} = R\"PLINTHCL(${content})PLINTHCL\";\n}  // namespace plinth::gpu\n")
