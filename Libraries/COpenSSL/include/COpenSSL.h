#ifndef C_OPENSSL_H
#define C_OPENSSL_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/hmac.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/pem.h>

/* BIO_get_mem_data is a function-like macro, which Swift cannot call. The returned pointer is
   owned by the BIO and valid until the BIO is written to or freed. */
static inline long c_openssl_bio_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}
#endif
