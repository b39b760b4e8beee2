from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'fact.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'fact.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_fact = resolve('fact')
    pass
    yield escape(environment.getattr((undefined(name='fact') if l_0_fact is missing else l_0_fact), 'question'))

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_root = resolve('root')
    l_0_fact = resolve('fact')
    l_0_site = resolve('site')
    l_0_verdict = resolve('verdict')
    l_0_excerpt = l_0_others = l_0_diffs = missing
    pass
    def macro(l_1_claim):
        t_1 = []
        l_1_quoted = missing
        if l_1_claim is missing:
            l_1_claim = undefined("parameter 'claim' was not provided", name='claim')
        pass
        t_1.append(
            '<figure class="excerpt">\n',
        )
        l_1_quoted = context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'excerpt'), environment.getattr(l_1_claim, 'article_id'), environment.getattr(l_1_claim, 'start'), environment.getattr(l_1_claim, 'end'), markup_join(('c-', environment.getattr(l_1_claim, 'claim_id'), )), markup_join(('hl claim claim-', environment.getattr(l_1_claim, 'claim_type'), )))
        if (undefined(name='quoted') if l_1_quoted is missing else l_1_quoted):
            pass
            t_1.extend((
                '<blockquote lang="',
                escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'article'), environment.getattr(l_1_claim, 'article_id')), 'language')),
                '">',
                escape((undefined(name='quoted') if l_1_quoted is missing else l_1_quoted)),
                '</blockquote>\n',
            ))
        else:
            pass
            t_1.extend((
                '<blockquote><mark class="hl claim claim-',
                escape(environment.getattr(l_1_claim, 'claim_type')),
                '" data-rec="c-',
                escape(environment.getattr(l_1_claim, 'claim_id')),
                '">',
                escape(environment.getattr(l_1_claim, 'text')),
                '</mark></blockquote>\n',
            ))
        t_1.extend((
            '<figcaption><a href="',
            escape((undefined(name='root') if l_0_root is missing else l_0_root)),
            'article/',
            escape(environment.getattr(l_1_claim, 'article_id')),
            '.html#c-',
            escape(environment.getattr(l_1_claim, 'claim_id')),
            '">',
            escape(environment.getattr(l_1_claim, 'claim_type')),
            ' claim at ',
            escape(environment.getattr(l_1_claim, 'start')),
            '–',
            escape(environment.getattr(l_1_claim, 'end')),
            '</a>',
            escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'claim_meta'), l_1_claim)),
        ))
        if environment.getattr(l_1_claim, 'notes'):
            pass
            t_1.extend((
                ': ',
                escape(environment.getattr(l_1_claim, 'notes')),
            ))
        t_1.append(
            '</figcaption>\n</figure>\n',
        )
        return concat(t_1)
    l_0_excerpt = Macro(environment, macro, 'excerpt', ('claim',), False, False, False, context.eval_ctx.autoescape)
    yield '<p class="crumbs"><a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'index.html#facts">Facts</a></p>\n<h1>'
    yield escape(environment.getattr((undefined(name='fact') if l_0_fact is missing else l_0_fact), 'question'))
    yield '</h1>\n<p class="verdict">'
    yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'status'), (undefined(name='verdict') if l_0_verdict is missing else l_0_verdict), _block_vars=_block_vars))
    yield ' <span class="meta">answer kind: '
    yield escape(environment.getattr((undefined(name='verdict') if l_0_verdict is missing else l_0_verdict), 'kind'))
    yield '</span></p>\n<p class="explanation">'
    yield escape(environment.getattr((undefined(name='verdict') if l_0_verdict is missing else l_0_verdict), 'explanation'))
    yield '</p>\n'
    if environment.getattr((undefined(name='fact') if l_0_fact is missing else l_0_fact), 'notes'):
        pass
        yield '<p class="notes"><strong>Note:</strong> '
        yield escape(environment.getattr((undefined(name='fact') if l_0_fact is missing else l_0_fact), 'notes'))
        yield '</p>'
    yield '\n<h2>The answers, side by side</h2>\n<div class="answers">\n'
    for l_1_answer in environment.getattr((undefined(name='verdict') if l_0_verdict is missing else l_0_verdict), 'answers'):
        _loop_vars = {}
        pass
        yield '<section class="answer" data-article="'
        yield escape(environment.getattr(l_1_answer, 'article_id'))
        yield '" aria-labelledby="a-'
        yield escape(environment.getattr(l_1_answer, 'article_id'))
        yield '">\n<h3 id="a-'
        yield escape(environment.getattr(l_1_answer, 'article_id'))
        yield '">'
        yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'article_link'), (undefined(name='root') if l_0_root is missing else l_0_root), environment.getattr(l_1_answer, 'article_id'), _loop_vars=_loop_vars))
        yield '</h3>\n<p class="summary">'
        yield escape(environment.getattr(l_1_answer, 'summary'))
        yield '</p>\n'
        for l_2_claim_id in environment.getattr(l_1_answer, 'claim_ids'):
            _loop_vars = {}
            pass
            yield escape(context.call((undefined(name='excerpt') if l_0_excerpt is missing else l_0_excerpt), environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'claim'), l_2_claim_id), _loop_vars=_loop_vars))
            yield '\n'
        l_2_claim_id = missing
        yield '</section>\n'
    l_1_answer = missing
    yield '</div>\n\n'
    l_0_others = context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'unanswered'), (undefined(name='verdict') if l_0_verdict is missing else l_0_verdict), _block_vars=_block_vars)
    _block_vars['others'] = l_0_others
    if (undefined(name='others') if l_0_others is missing else l_0_others):
        pass
        yield '<h2>Also about this question, without an answer to compare</h2>\n<div class="answers">\n'
        for l_1_claim in (undefined(name='others') if l_0_others is missing else l_0_others):
            _loop_vars = {}
            pass
            yield '<section class="no-answer" aria-label="'
            yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'label'), environment.getattr(l_1_claim, 'article_id'), _loop_vars=_loop_vars))
            yield '">\n<h3>'
            yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'article_link'), (undefined(name='root') if l_0_root is missing else l_0_root), environment.getattr(l_1_claim, 'article_id'), _loop_vars=_loop_vars))
            yield '</h3>\n'
            yield escape(context.call((undefined(name='excerpt') if l_0_excerpt is missing else l_0_excerpt), l_1_claim, _loop_vars=_loop_vars))
            yield '\n</section>\n'
        l_1_claim = missing
        yield '</div>\n'
    yield '\n'
    l_0_diffs = context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'wordings'), (undefined(name='verdict') if l_0_verdict is missing else l_0_verdict), _block_vars=_block_vars)
    _block_vars['diffs'] = l_0_diffs
    if (undefined(name='diffs') if l_0_diffs is missing else l_0_diffs):
        pass
        yield '<h2>How the wordings differ</h2>\n<p>Word by word, each wording against the first: <del>struck</del> words are only in the first, <ins>underlined</ins> words only in the other.</p>\n'
        for (l_1_reference, l_1_other, l_1_markup) in (undefined(name='diffs') if l_0_diffs is missing else l_0_diffs):
            _loop_vars = {}
            pass
            yield '<section class="diff" aria-label="'
            yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'label'), l_1_reference, _loop_vars=_loop_vars))
            yield ' against '
            yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'label'), l_1_other, _loop_vars=_loop_vars))
            yield '">\n<h3 class="diff-head">'
            yield escape(l_1_reference)
            yield ' → '
            yield escape(l_1_other)
            yield '</h3>\n<p>'
            yield escape(l_1_markup)
            yield '</p>\n</section>\n'
        l_1_reference = l_1_other = l_1_markup = missing

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=12&2=17&3=28&4=41&6=50&7=51&8=64&10=73&13=99&14=101&15=103&16=107&17=109&21=115&22=119&23=123&24=127&25=129&26=132&32=138&33=140&36=143&37=147&38=149&39=151&45=156&46=158&49=161&50=165&51=169&52=173'