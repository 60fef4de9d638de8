import { AbstractControl, FormArray, FormControl, FormGroup, NonNullableFormBuilder, ValidationErrors, Validators } from '@angular/forms';
import type { AliasResponse, AliasStrategy, CreateAliasRequest } from '@switchyard/contracts';
import { integerValidator, requiredText } from '../shared/form-validators';

// Limits mirror the gateway's alias-fields.ts.
export const MAX_TARGETS = 20;
/** Clients send the alias as `model`: characters that survive any client and URL unescaped. */
const ALIAS_NAME = /^\s*[A-Za-z0-9._:/-]+\s*$/;

export const ALIAS_STRATEGIES: readonly { value: AliasStrategy; label: string; hint: string }[] = [
  { value: 'priority', label: 'Priority (failover)', hint: 'Lowest priority first; the next one when it fails' },
  { value: 'weighted', label: 'Weighted (load balance)', hint: 'Traffic split by weight among the lowest priority' },
];

export type TargetRowForm = FormGroup<{
  apiId: FormControl<string>;
  weight: FormControl<number | null>;
  priority: FormControl<number | null>;
}>;

export function buildAliasForm(fb: NonNullableFormBuilder) {
  return fb.group({
    alias: ['', [requiredText, Validators.maxLength(100), Validators.pattern(ALIAS_NAME)]],
    description: ['', Validators.maxLength(1000)],
    strategy: fb.control<AliasStrategy>('priority', Validators.required),
    enabled: true,
    targets: fb.array<TargetRowForm>([], [atLeastOneTarget, Validators.maxLength(MAX_TARGETS), distinctTargets]),
  });
}

export type AliasForm = ReturnType<typeof buildAliasForm>;
export type AliasFormValue = ReturnType<AliasForm['getRawValue']>;

export function buildTargetRow(fb: NonNullableFormBuilder, apiId = '', weight = 1, priority = 0): TargetRowForm {
  return fb.group({
    apiId: [apiId, Validators.required],
    weight: fb.control<number | null>(weight, [Validators.required, Validators.min(1), Validators.max(1000), integerValidator]),
    priority: fb.control<number | null>(priority, [Validators.required, Validators.min(0), Validators.max(1000), integerValidator]),
  });
}

export function fillAliasForm(fb: NonNullableFormBuilder, form: AliasForm, alias: AliasResponse): void {
  form.patchValue({ alias: alias.alias, description: alias.description, strategy: alias.strategy, enabled: alias.enabled });
  form.controls.targets.clear();
  for (const target of alias.targets) {
    form.controls.targets.push(buildTargetRow(fb, target.apiId, target.weight, target.priority));
  }
}

/** Body of POST /api/aliases and PATCH /api/aliases/:id (targets replace the stored set). */
export function toAliasRequest(value: AliasFormValue): CreateAliasRequest {
  return {
    alias: value.alias.trim(),
    description: value.description.trim(),
    strategy: value.strategy,
    enabled: value.enabled,
    targets: value.targets.map((t) => ({ apiId: t.apiId, weight: t.weight ?? 1, priority: t.priority ?? 0 })),
  };
}

/** An alias routes somewhere: at least one target row. Error key: `atLeastOneTarget`. */
function atLeastOneTarget(control: AbstractControl<unknown>): ValidationErrors | null {
  return control instanceof FormArray && control.length === 0 ? { atLeastOneTarget: true } : null;
}

/** The same API twice in one alias is refused by the server. Error key: `duplicateTarget`. */
function distinctTargets(control: AbstractControl<unknown>): ValidationErrors | null {
  if (!(control instanceof FormArray)) {
    return null;
  }
  const ids = (control.getRawValue() as { apiId: string }[]).map((t) => t.apiId).filter((id) => id !== '');
  return new Set(ids).size === ids.length ? null : { duplicateTarget: true };
}
