# The DNS targets (fuzz_reply_decode, fuzz_auth_query: aggregate
# dns_fuzzers) and the provider targets (fuzz_he_dyn_reply,
# fuzz_cloudflare_reply, fuzz_http_check, fuzz_engine_config,
# fuzz_scenario_load: aggregate provider_fuzzers) as libFuzzer binaries
# (clang only).
# The code under test is compiled into each binary with the same
# instrumentation, so coverage reaches into the decoder and the fake.
set(DNSFAILOVER_FUZZ_CODE
  ${DNSFAILOVER_SOURCE_DIR}/engine/dns/message.cpp
  ${DNSFAILOVER_SOURCE_DIR}/engine/live/dns_wire.cpp
  ${DNSFAILOVER_SOURCE_DIR}/fakes/zone_store.cpp
  ${DNSFAILOVER_SOURCE_DIR}/fakes/dns/auth_answer.cpp
  ${DNSFAILOVER_SOURCE_DIR}/fakes/dns/auth_server.cpp
  ${DNSFAILOVER_SOURCE_DIR}/fakes/dns/update_server.cpp
  ${DNSFAILOVER_SOURCE_DIR}/engine/dns/hmac.cpp
  ${DNSFAILOVER_SOURCE_DIR}/engine/dns/wire_codec.cpp
  ${DNSFAILOVER_SOURCE_DIR}/engine/dns/update.cpp
  ${DNSFAILOVER_SOURCE_DIR}/engine/dns/tsig.cpp
  ${DNSFAILOVER_SOURCE_DIR}/fakes/dns/wire_door.cpp
  ${DNSFAILOVER_FUZZ_DIR}/fuzz_auth_query.cpp
  ${DNSFAILOVER_FUZZ_DIR}/fuzz_reply_decode.cpp
  ${DNSFAILOVER_FUZZ_DIR}/libfuzzer_main.cpp)
foreach(target replyDecode authQuery)
  if(target STREQUAL "replyDecode")
    set(name fuzz_reply_decode)
  else()
    set(name fuzz_auth_query)
  endif()
  add_executable(${name} ${DNSFAILOVER_FUZZ_CODE})
  target_include_directories(${name} PRIVATE ${DNSFAILOVER_SOURCE_DIR})
  target_compile_definitions(${name} PRIVATE FUZZ_TARGET=${target})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(${name} PRIVATE PkgConfig::LDNS OpenSSL::Crypto)
endforeach()
add_custom_target(dns_fuzzers DEPENDS fuzz_reply_decode fuzz_auth_query)

# The provider targets link one instrumented copy of the pure engine, the
# fakes and the simulation (the scenario loader reaches into all three);
# UBSan findings stop the run, as in the project's sanitizer build.
file(GLOB_RECURSE DNSFAILOVER_FUZZ_ENGINE CONFIGURE_DEPENDS ${DNSFAILOVER_SOURCE_DIR}/engine/*.cpp)
list(FILTER DNSFAILOVER_FUZZ_ENGINE EXCLUDE REGEX "/engine/live/|/engine/propagation/propagation.cpp")
file(GLOB DNSFAILOVER_FUZZ_SIM CONFIGURE_DEPENDS ${DNSFAILOVER_SOURCE_DIR}/sim/*.cpp ${DNSFAILOVER_SOURCE_DIR}/sim/check/*.cpp
  ${DNSFAILOVER_SOURCE_DIR}/fakes/*.cpp ${DNSFAILOVER_SOURCE_DIR}/fakes/etcd/*.cpp)
add_library(dnsfailover_fuzz_code STATIC
  ${DNSFAILOVER_FUZZ_ENGINE}
  ${DNSFAILOVER_FUZZ_SIM}
  ${DNSFAILOVER_SOURCE_DIR}/fakes/dns/auth_answer.cpp
  ${DNSFAILOVER_SOURCE_DIR}/fakes/dns/auth_server.cpp
  ${DNSFAILOVER_SOURCE_DIR}/fakes/dns/update_server.cpp
  ${DNSFAILOVER_SOURCE_DIR}/fakes/dns/resolver.cpp)
target_include_directories(dnsfailover_fuzz_code PUBLIC ${DNSFAILOVER_SOURCE_DIR})
# clang 14 cannot compile engine/propagation/propagation.cpp (a lambda
# capturing a structured binding, C++20 that clang has from 16 on). The
# scenario loader only links it through the Engine, so it comes in as a
# plain g++ object (same libstdc++ ABI), without coverage.
find_program(DNSFAILOVER_GXX NAMES g++ g++-12 REQUIRED)
set(DNSFAILOVER_PROPAGATION_OBJ ${CMAKE_CURRENT_BINARY_DIR}/propagation_gxx.o)
add_custom_command(OUTPUT ${DNSFAILOVER_PROPAGATION_OBJ}
  COMMAND ${DNSFAILOVER_GXX} -std=c++20 -O1 -g -I${DNSFAILOVER_SOURCE_DIR}
          -c ${DNSFAILOVER_SOURCE_DIR}/engine/propagation/propagation.cpp -o ${DNSFAILOVER_PROPAGATION_OBJ}
  DEPENDS ${DNSFAILOVER_SOURCE_DIR}/engine/propagation/propagation.cpp
  COMMENT "g++: engine/propagation/propagation.cpp for the fuzz targets")
target_sources(dnsfailover_fuzz_code PRIVATE ${DNSFAILOVER_PROPAGATION_OBJ})
set_source_files_properties(${DNSFAILOVER_PROPAGATION_OBJ} PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
target_compile_options(dnsfailover_fuzz_code PUBLIC
  -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
target_link_libraries(dnsfailover_fuzz_code PUBLIC nlohmann_json::nlohmann_json OpenSSL::Crypto)

set(DNSFAILOVER_PROVIDER_FUZZERS
  "fuzz_he_dyn_reply heDynReply fuzz_he_dyn_reply.cpp"
  "fuzz_cloudflare_reply cloudflareReply fuzz_cloudflare_reply.cpp"
  "fuzz_http_check httpCheck fuzz_http_check.cpp"
  "fuzz_engine_config engineConfig fuzz_config_load.cpp"
  "fuzz_scenario_load scenarioLoad fuzz_config_load.cpp"
  "fuzz_set_option setOption fuzz_check_inputs.cpp"
  "fuzz_check_document checkDocument fuzz_check_inputs.cpp"
  "fuzz_trace_replay traceReplay fuzz_check_inputs.cpp"
  "fuzz_explore_result exploreResult fuzz_explore_result.cpp"
  "fuzz_update_reply updateReply fuzz_update.cpp"
  "fuzz_update_serve updateServe fuzz_update.cpp"
  "fuzz_etcd_reply etcdReply fuzz_etcd_reply.cpp"
  "fuzz_etcd_gateway etcdGateway fuzz_etcd_reply.cpp"
  "fuzz_site_report siteReport fuzz_site_report.cpp")
add_custom_target(provider_fuzzers)
foreach(entry IN LISTS DNSFAILOVER_PROVIDER_FUZZERS)
  separate_arguments(entry)
  list(GET entry 0 name)
  list(GET entry 1 target)
  list(GET entry 2 source)
  add_executable(${name} ${DNSFAILOVER_FUZZ_DIR}/${source} ${DNSFAILOVER_FUZZ_DIR}/libfuzzer_main.cpp)
  target_compile_definitions(${name} PRIVATE FUZZ_TARGET=${target})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(${name} PRIVATE dnsfailover_fuzz_code)
  add_dependencies(provider_fuzzers ${name})
endforeach()
