{#- Every row satisfies `expression` (rows where it is NULL fail too: a rule that cannot be
    evaluated is not a rule that holds). -#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{% endtest %}
