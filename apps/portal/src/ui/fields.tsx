import type { ComponentChildren } from 'preact';
import type { Messages } from './messages';

/**
 * A labelled input whose error sits next to it and is tied to it (aria-describedby,
 * aria-invalid), so a screen reader reads the error with the field.
 */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (aria: Record<string, string | boolean | undefined>) => ComponentChildren;
}) {
  const described = [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`]
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${props.error ? ' field-error' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      {props.children({
        id: props.id,
        name: props.id,
        'aria-describedby': described || undefined,
        'aria-invalid': props.error ? 'true' : undefined,
      })}
    </div>
  );
}

/** A form-level message: an error is announced at once (role=alert), a success politely. */
export function Status(props: { error?: string; ok?: string }) {
  if (props.error)
    return (
      <p class="banner banner-error" role="alert">
        {props.error}
      </p>
    );
  if (props.ok)
    return (
      <p class="banner banner-ok" role="status">
        {props.ok}
      </p>
    );
  return null;
}

/** The value of a named control in a submitted form. */
export function fieldValue(form: HTMLFormElement, name: string): string {
  const control = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  return control?.value.trim() ?? '';
}

export function checkedOf(form: HTMLFormElement, name: string): string[] {
  return [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
}

/** Full notices, or brief ones that only say there is an update (for a shared phone or mailbox). */
export function DetailChoice({ t, name, chosen }: { t: Messages; name: string; chosen: 'full' | 'brief' }) {
  return (
    <fieldset>
      <legend>{t.detailLegend}</legend>
      {(['full', 'brief'] as const).map((detail) => (
        <label key={detail} class="choice">
          <input type="radio" name={name} value={detail} defaultChecked={detail === chosen} />
          {detail === 'full' ? t.detailFull : t.detailBrief}
        </label>
      ))}
    </fieldset>
  );
}
