# cmake --install: the core library, the CLI, the built-in plugin in the default plugin directory,
# and the SDK (headers + a CMake package so find_package(Plinth) works out of tree).
include(CMakePackageConfigHelpers)
install(TARGETS plinth_sdk EXPORT PlinthTargets)
install(TARGETS plinth EXPORT PlinthTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sdk/include/plinth DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/core/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/plinth_core/core
        FILES_MATCHING PATTERN "*.h")
install(EXPORT PlinthTargets NAMESPACE Plinth:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Plinth)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/PlinthConfig.cmake.in
  ${PROJECT_BINARY_DIR}/PlinthConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Plinth)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/PlinthConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/PlinthConfig.cmake ${PROJECT_BINARY_DIR}/PlinthConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/PlinthPluginHelpers.cmake
              ${PROJECT_SOURCE_DIR}/cmake/plinth_plugin.map
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Plinth)
