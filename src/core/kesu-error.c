/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kesu-error.h"

G_DEFINE_QUARK (kesu-error-quark, kesu_error)
