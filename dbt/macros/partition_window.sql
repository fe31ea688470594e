{#- The UTC days a daily build covers: vars min_date (inclusive) and max_date (exclusive), as
    YYYY-MM-DD, which Dagster sets from the partition's time window. Either may be unset: the
    window is then open on that side. -#}

{% macro partition_bound(name) %}
  {%- set value = var(name, none) -%}
  {%- if value is none or value == '' -%}
    {{ return(none) }}
  {%- endif -%}
  {%- set text = value | string -%}
  {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', text) -%}
    {{ exceptions.raise_compiler_error("var " ~ name ~ "=" ~ text ~ " is not a date (YYYY-MM-DD)") }}
  {%- endif -%}
  {{ return(text) }}
{% endmacro %}


{#- A timestamptz column inside the window. Day boundaries are UTC midnights, whatever the
    session's time zone, so a day means the same rows to every reader. -#}
{% macro in_partition_window(column) -%}
  {%- set low = partition_bound('min_date') -%}
  {%- set high = partition_bound('max_date') -%}
  ({% if low %}{{ column }} >= (date '{{ low }}')::timestamp at time zone 'UTC'{% else %}true{% endif %}
   and {% if high %}{{ column }} < (date '{{ high }}')::timestamp at time zone 'UTC'{% else %}true{% endif %})
{%- endmacro %}


{#- A date column inside the window. -#}
{% macro dates_in_partition_window(column) -%}
  {%- set low = partition_bound('min_date') -%}
  {%- set high = partition_bound('max_date') -%}
  ({% if low %}{{ column }} >= date '{{ low }}'{% else %}true{% endif %}
   and {% if high %}{{ column }} < date '{{ high }}'{% else %}true{% endif %})
{%- endmacro %}


{#- The pre-hook of every daily mart: the window's days go before they are inserted again, in
    the transaction that inserts them. Two builds of one mart at once (the schedule and a
    backfill) take turns on a transaction lock: otherwise each would delete only the rows it
    could see and both would insert the same day. -#}
{% macro delete_partition_window(column) -%}
  select pg_advisory_xact_lock(hashtext('{{ this }}'));
  delete from {{ this }} where {{ dates_in_partition_window(column) }}
{%- endmacro %}


{#- The UTC calendar day of a timestamptz. -#}
{% macro utc_date(column) -%}
  ({{ column }} at time zone 'UTC')::date
{%- endmacro %}
