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
} KesuError;

GQuark kesu_error_quark (void);

G_END_DECLS
