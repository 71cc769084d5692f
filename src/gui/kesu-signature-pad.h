/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kesu-signature.h"

G_BEGIN_DECLS

/* A box the customer signs in with a mouse, a finger on a touch screen or a pen (whose
 * pressure makes the line thicker where the device reports it).  Undo takes back the
 * last stroke, Clear all of them; "changed" is emitted after each. */

#define KESU_TYPE_SIGNATURE_PAD (kesu_signature_pad_get_type ())
G_DECLARE_FINAL_TYPE (KesuSignaturePad, kesu_signature_pad, KESU, SIGNATURE_PAD, GtkWidget)

GtkWidget  *kesu_signature_pad_new          (void);
void        kesu_signature_pad_clear        (KesuSignaturePad *self);
void        kesu_signature_pad_undo         (KesuSignaturePad *self);
gboolean    kesu_signature_pad_is_empty     (KesuSignaturePad *self);
/* The strokes so far, in pad coordinates (0..1). element GArray of KesuStrokePoint;
 * transfer none: valid until the next change. */
GPtrArray  *kesu_signature_pad_get_strokes  (KesuSignaturePad *self);
/* A copy of the strokes, for storing. transfer full */
GPtrArray  *kesu_signature_pad_dup_strokes  (KesuSignaturePad *self);
/* The strokes drawn in dark ink on a transparent @width × @height image, as PNG. */
GBytes     *kesu_signature_pad_render_png   (KesuSignaturePad *self,
                                             int               width,
                                             int               height);
/* The PNG to store: the pad's shape, at twice its size on screen (at most 1200 px wide). */
GBytes     *kesu_signature_pad_to_png       (KesuSignaturePad *self);


/* For tests: one stroke through the pad's own drag gesture (its drag-begin, drag-update
 * and drag-end signals), @points in pad coordinates.  The pad must be allocated. */
void        _kesu_signature_pad_feed_stroke (KesuSignaturePad      *self,
                                             const KesuStrokePoint *points,
                                             guint                  n_points);

G_END_DECLS
