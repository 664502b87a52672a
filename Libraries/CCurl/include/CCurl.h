#ifndef C_CURL_H
#define C_CURL_H
// libcurl for Swift. Swift cannot call C variadic functions, so every curl_easy_setopt,
// curl_multi_setopt and curl_easy_getinfo call goes through one typed wrapper per argument type.
//
// Ownership: the wrappers pass arguments straight to libcurl; who owns what is libcurl's rule for
// each option (strings are copied by libcurl; slists, error buffers and callback data pointers are
// borrowed and must outlive the transfer). Thread-safety: one easy or multi handle must not be
// used from two threads at once; the wrappers add no locking.
#include <curl/curl.h>
#include <sys/socket.h>

// ---- curl_easy_setopt, one wrapper per argument type
CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
/// The string is copied by libcurl (for every option this project uses).
CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
/// The list is borrowed: keep it alive until the transfer is removed from its multi handle.
CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);

// ---- curl_easy_setopt, one wrapper per callback type
/// CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
CURLcode ccurl_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback value);
CURLcode ccurl_easy_setopt_read_callback(CURL *handle, CURLoption option, curl_read_callback value);
CURLcode ccurl_easy_setopt_seek_callback(CURL *handle, CURLoption option, curl_seek_callback value);
CURLcode ccurl_easy_setopt_opensocket_callback(CURL *handle, CURLoption option, curl_opensocket_callback value);
/// The callback and its data pointer are stored in the *connection*, which can outlive the
/// transfer in the connection cache: its data pointer must live as long as the multi handle.
CURLcode ccurl_easy_setopt_closesocket_callback(CURL *handle, CURLoption option, curl_closesocket_callback value);
CURLcode ccurl_easy_setopt_prereq_callback(CURL *handle, CURLoption option, curl_prereq_callback value);
CURLcode ccurl_easy_setopt_xferinfo_callback(CURL *handle, CURLoption option, curl_xferinfo_callback value);

// ---- curl_multi_setopt
CURLMcode ccurl_multi_setopt_long(CURLM *handle, CURLMoption option, long value);

// ---- curl_easy_getinfo, one wrapper per result type
CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
/// The string belongs to the easy handle and is valid until the next transfer or reset; may be NULL.
CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value);

// ---- CURLOPT_OPENSOCKETFUNCTION helpers
/// Copies the IP address of `address` into `ip` (4 bytes for AF_INET, 16 for AF_INET6) and its
/// port into `port`. Returns the address family, or 0 (and copies nothing) for other families.
int ccurl_sockaddr_ip(const struct curl_sockaddr *address, unsigned char ip[16], int *port);

/// The result of a finished transfer in a CURLMSG_DONE message.
CURLcode ccurl_msg_result(const CURLMsg *message);

#endif
