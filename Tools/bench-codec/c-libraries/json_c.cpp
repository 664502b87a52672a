// Parse + free with json-c.
#include <string>
#include <json-c/json.h>

long parse_json_c(const std::string& doc) {
    json_object* v = json_tokener_parse(doc.c_str());
    long ok = v != nullptr;
    json_object_put(v);
    return ok;
}
