# The listening site: per variant an index and a page per episode, with the files they play.


rule site:
    input:
        podcast=expand(rules.tag_podcast.output[0], variant=PODCAST_VARIANTS, name=PODCAST_NAMES),
        artwork=expand(rules.episode_cover.output[0], variant=PODCAST_VARIANTS, name=PODCAST_NAMES),
        companions=expand(rules.podcast_subtitles.output.srt + rules.podcast_subtitles.output.vtt
                          + rules.podcast_subtitles.output.chapters, variant=PODCAST_VARIANTS),
        feeds=expand(list(rules.feed.output), variant=PODCAST_VARIANTS),
        summaries=rules.summarise.output.points,
        chapters=[f"outputs/summaries/episode.{script_variant(v)}.chapters.json" for v in PODCAST_VARIANTS],
        timelines=[rules.voice_podcast.output.timeline.format(voicing=script_variant(v), name=name)
                   for v in PODCAST_VARIANTS for name in PODCAST_NAMES],
        topics=rules.reconcile.output.topics,
        dictionaries=opencc_dictionaries(PODCAST_VARIANTS),
        code=code_and_data("site"),   # its package code and the files that reads
    output:
        site_outputs(),
    log:
        "logs/site.log",
    benchmark:
        "benchmarks/site.tsv"
    params:
        show=config["podcast"]["show"],
        base_url=config["podcast"]["base_url"],
        variants={v: config["variants"][v] for v in PODCAST_VARIANTS},
        voicings={v: script_variant(v) for v in PODCAST_VARIANTS},
        names=PODCAST_NAMES,
        titles={v: {name: podcast_tags(v, name)["title"] for name in PODCAST_NAMES} for v in PODCAST_VARIANTS},
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/site.py"
