// Lower bound for the "C library behind a thin wrapper" option of docs/design/002-wire-codec.md:
// µs of thread CPU per parse (+ free) of the execute request with each Debian JSON library,
// before any mapping into Swift values. Same method as bench-codec: interleaved rounds, p50.
// Built and run by run.sh; not part of the Swift package. Usage: bench request.json
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include <cjson/cJSON.h>
#include <simdjson.h>

// jansson and json-c declare the same names, so each lives in its own file.
long parse_jansson(const std::string& doc);
long parse_json_c(const std::string& doc);

static double now_us() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char** argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s request.json\n", argv[0]); return 2; }
    FILE* f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 2; }
    std::string doc;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) doc.append(buf, n);
    fclose(f);
    while (!doc.empty() && (doc.back() == '\n' || doc.back() == '\r')) doc.pop_back();

    simdjson::dom::parser dom;
    simdjson::ondemand::parser ondemand;
    simdjson::padded_string padded(doc);
    long sink = 0;

    std::vector<std::pair<const char*, std::function<void()>>> cases = {
        {"codec.request.parse_only.cjson", [&] {
             cJSON* v = cJSON_ParseWithLength(doc.data(), doc.size());
             sink += v != nullptr;
             cJSON_Delete(v);
         }},
        {"codec.request.parse_only.jansson", [&] { sink += parse_jansson(doc); }},
        {"codec.request.parse_only.json_c", [&] { sink += parse_json_c(doc); }},
        {"codec.request.parse_only.simdjson_dom", [&] {
             simdjson::dom::element v;
             sink += dom.parse(padded).get(v) == simdjson::SUCCESS;
         }},
        {"codec.request.walk_strings.simdjson_ondemand", [&] {
             // Visits every string of the document, the minimum a typed decoder must do.
             auto d = ondemand.iterate(padded);
             std::function<void(simdjson::ondemand::value)> walk = [&](simdjson::ondemand::value v) {
                 switch (v.type().value()) {
                     case simdjson::ondemand::json_type::object:
                         for (auto field : v.get_object()) { sink += field.unescaped_key().value().size(); walk(field.value()); }
                         break;
                     case simdjson::ondemand::json_type::array:
                         for (auto e : v.get_array()) walk(e.value());
                         break;
                     case simdjson::ondemand::json_type::string: sink += v.get_string().value().size(); break;
                     case simdjson::ondemand::json_type::number: sink += (long)v.get_double().value(); break;
                     default: break;
                 }
             };
             walk(d.get_value().value());
         }},
    };

    const int rounds = 101, batch = 200;
    std::vector<std::vector<double>> per(cases.size());
    for (int r = -1; r < rounds; r++) {
        for (size_t i = 0; i < cases.size(); i++) {
            double t0 = now_us();
            for (int k = 0; k < batch; k++) cases[i].second();
            if (r >= 0) per[i].push_back((now_us() - t0) / batch);
        }
    }
    for (size_t i = 0; i < cases.size(); i++) {
        std::sort(per[i].begin(), per[i].end());
        printf("%s %.2f us\n", cases[i].first, per[i][per[i].size() / 2]);
    }
    return sink == 42 ? 1 : 0;
}
