#ifndef C_OPENSSL_H
#define C_OPENSSL_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/hmac.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#endif
