import { useEffect, useState } from 'react';
import { Input, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Asks the server whether an expression or template parses, a moment after typing stops. */
export function useExpressionCheck(text: string, kind: 'expression' | 'template') {
  const debounced = useDebounced(text, 350);
  return useQuery({
    queryKey: ['expression-check', kind, debounced],
    enabled: debounced.trim() !== '',
    staleTime: Infinity,
    queryFn: async ({ signal }) => unwrap(await api.POST('/api/expressions/check', {
      body: { text: debounced, kind: kind === 'template' ? 'Template' : 'Expression' }, signal,
    })),
  });
}

/** A Scriban expression or template, checked inline against the server as it is typed. */
export function ExpressionInput({ id, value, kind, onChange, label }: {
  id: string; value: string; kind: 'expression' | 'template'; onChange: (text: string) => void; label: string;
}) {
  const { t } = useTranslation();
  const check = useExpressionCheck(value, kind);
  const errors = check.data && !check.data.valid ? check.data.errors : [];
  const errorId = `${id}-errors`;
  return (
    <div className="expression-input">
      <Input.TextArea
        id={id}
        aria-label={label}
        className={`code ${kind}`}
        value={value}
        status={errors.length ? 'error' : undefined}
        autoSize={{ minRows: 1, maxRows: 8 }}
        placeholder={t(kind === 'template' ? 'properties.templatePlaceholder' : 'properties.expressionPlaceholder', { example: '{{ input.customerName }}' })}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={errors.length > 0}
        aria-describedby={errors.length ? errorId : undefined}
        spellCheck={false}
        data-testid={`expression-${id}`}
      />
      {errors.length > 0 && (
        <Typography.Text type="danger" id={errorId} role="alert" className="expression-errors" data-testid={`expression-error-${id}`}>
          {errors.join(' ')}
        </Typography.Text>
      )}
      {check.data?.valid && value.trim() !== '' && (
        <Typography.Text type="success" className="expression-ok" data-testid={`expression-ok-${id}`}>{t('properties.parses')}</Typography.Text>
      )}
    </div>
  );
}
