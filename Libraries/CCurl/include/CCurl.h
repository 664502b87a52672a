#ifndef C_CURL_H
#define C_CURL_H
#include <curl/curl.h>
#endif
