/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KESU_ERROR (kesu_error_quark ())

typedef enum
{
  KESU_ERROR_INVALID,         /* the user's input is refused; message says why */
  KESU_ERROR_NOT_FOUND,
  KESU_ERROR_DATABASE,        /* SQLite failed */
  KESU_ERROR_NEWER_DATABASE,  /* written by a newer Kesu: left untouched */
  KESU_ERROR_BUSY,            /* locked by another program */
  KESU_ERROR_IO,
  KESU_ERROR_NOT_ALLOWED,     /* the signed-in person may not do this; message says why */
  KESU_ERROR_WRONG_PIN,       /* message says how many tries are left */
  KESU_ERROR_LOCKED_OUT,      /* too many wrong PINs; message says until when */
  KESU_ERROR_NEEDS_APPROVAL,  /* the amount is beyond the handler's limit; not approved */
} KesuError;

GQuark kesu_error_quark (void);

G_END_DECLS
