// A shared object without the plugin entry symbol.
extern "C" __attribute__((visibility("default"))) int not_a_plinth_plugin(void) { return 42; }
