from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'macros.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_status = l_0_article_link = l_0_entity_link = l_0_fact_link = l_0_offsets = l_0_claim_meta = missing
    try:
        t_1 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    pass
    def macro(l_1_verdict):
        t_2 = []
        if l_1_verdict is missing:
            l_1_verdict = undefined("parameter 'verdict' was not provided", name='verdict')
        pass
        t_2.extend((
            '<span class="status status-',
            escape(t_1(context.eval_ctx, environment.getattr(l_1_verdict, 'status'), ' ', '-')),
            '">',
            escape(environment.getattr(l_1_verdict, 'status')),
            '</span>',
        ))
        return concat(t_2)
    context.exported_vars.add('status')
    context.vars['status'] = l_0_status = Macro(environment, macro, 'status', ('verdict',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_site, l_1_root, l_1_article_id):
        t_3 = []
        if l_1_site is missing:
            l_1_site = undefined("parameter 'site' was not provided", name='site')
        if l_1_root is missing:
            l_1_root = undefined("parameter 'root' was not provided", name='root')
        if l_1_article_id is missing:
            l_1_article_id = undefined("parameter 'article_id' was not provided", name='article_id')
        pass
        t_3.extend((
            '<a href="',
            escape(l_1_root),
            'article/',
            escape(l_1_article_id),
            '.html">',
            escape(context.call(environment.getattr(l_1_site, 'label'), l_1_article_id)),
            '</a>',
        ))
        return concat(t_3)
    context.exported_vars.add('article_link')
    context.vars['article_link'] = l_0_article_link = Macro(environment, macro, 'article_link', ('site', 'root', 'article_id'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_site, l_1_root, l_1_entity_id):
        t_4 = []
        if l_1_site is missing:
            l_1_site = undefined("parameter 'site' was not provided", name='site')
        if l_1_root is missing:
            l_1_root = undefined("parameter 'root' was not provided", name='root')
        if l_1_entity_id is missing:
            l_1_entity_id = undefined("parameter 'entity_id' was not provided", name='entity_id')
        pass
        t_4.extend((
            '<a href="',
            escape(l_1_root),
            'entity/',
            escape(l_1_entity_id),
            '.html">',
            escape(environment.getattr(environment.getitem(environment.getattr(l_1_site, 'entity'), l_1_entity_id), 'name')),
            '</a>',
        ))
        return concat(t_4)
    context.exported_vars.add('entity_link')
    context.vars['entity_link'] = l_0_entity_link = Macro(environment, macro, 'entity_link', ('site', 'root', 'entity_id'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_site, l_1_root, l_1_fact_id):
        t_5 = []
        if l_1_site is missing:
            l_1_site = undefined("parameter 'site' was not provided", name='site')
        if l_1_root is missing:
            l_1_root = undefined("parameter 'root' was not provided", name='root')
        if l_1_fact_id is missing:
            l_1_fact_id = undefined("parameter 'fact_id' was not provided", name='fact_id')
        pass
        t_5.extend((
            '<a href="',
            escape(l_1_root),
            'fact/',
            escape(l_1_fact_id),
            '.html">',
            escape(environment.getattr(environment.getitem(environment.getattr(l_1_site, 'fact'), l_1_fact_id), 'question')),
            '</a>',
        ))
        return concat(t_5)
    context.exported_vars.add('fact_link')
    context.vars['fact_link'] = l_0_fact_link = Macro(environment, macro, 'fact_link', ('site', 'root', 'fact_id'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_site, l_1_article_id, l_1_key, l_1_record):
        t_6 = []
        if l_1_site is missing:
            l_1_site = undefined("parameter 'site' was not provided", name='site')
        if l_1_article_id is missing:
            l_1_article_id = undefined("parameter 'article_id' was not provided", name='article_id')
        if l_1_key is missing:
            l_1_key = undefined("parameter 'key' was not provided", name='key')
        if l_1_record is missing:
            l_1_record = undefined("parameter 'record' was not provided", name='record')
        pass
        if (l_1_article_id in environment.getattr(l_1_site, 'texts')):
            pass
            t_6.extend((
                '<a href="#t-',
                escape(l_1_key),
                '" aria-label="offsets ',
                escape(environment.getattr(l_1_record, 'start')),
                ' to ',
                escape(environment.getattr(l_1_record, 'end')),
                ', show in the text">',
                escape(environment.getattr(l_1_record, 'start')),
                '–',
                escape(environment.getattr(l_1_record, 'end')),
                '</a>',
            ))
        else:
            pass
            t_6.extend((
                escape(environment.getattr(l_1_record, 'start')),
                '–',
                escape(environment.getattr(l_1_record, 'end')),
            ))
        return concat(t_6)
    context.exported_vars.add('offsets')
    context.vars['offsets'] = l_0_offsets = Macro(environment, macro, 'offsets', ('site', 'article_id', 'key', 'record'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_claim):
        t_7 = []
        if l_1_claim is missing:
            l_1_claim = undefined("parameter 'claim' was not provided", name='claim')
        pass
        if environment.getattr(l_1_claim, 'as_of'):
            pass
            t_7.extend((
                ' <span class="meta">as of: ',
                escape(environment.getattr(l_1_claim, 'as_of')),
                '</span>',
            ))
        if environment.getattr(l_1_claim, 'fidelity'):
            pass
            t_7.extend((
                ' <span class="meta">fidelity: ',
                escape(environment.getattr(l_1_claim, 'fidelity')),
                '</span>',
            ))
        return concat(t_7)
    context.exported_vars.add('claim_meta')
    context.vars['claim_meta'] = l_0_claim_meta = Macro(environment, macro, 'claim_meta', ('claim',), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '1=18&2=33&3=54&4=75&5=96&6=132'