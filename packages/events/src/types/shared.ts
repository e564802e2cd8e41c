import { z } from 'zod';

export const instant = z.iso.datetime({ offset: true });
export const day = z.iso.date();
/** An institution or office, never a person. */
export const place = z.string().min(1).max(120);
/** An agency's own identifier for a hearing, order, review, letter… */
export const reference = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/,
    'must be an identifier of 1-64 letters, digits, dots, colons or hyphens',
  );
