# Reconciled text → spoken summaries → narrated episodes, cover and feed per variant.


rule summarise:
    input:
        rules.reconcile.output.topics,
        dictionaries=opencc_dictionaries(),   # it writes every variant
        code=code_and_data("summarise"),   # its package code and the files that reads
    output:
        text=expand("outputs/summaries/{topic}.{variant}.txt", topic=SUMMARY_TOPICS, variant=VARIANTS),
        display=report(
            expand("outputs/summaries/{topic}.{variant}.md", topic=SUMMARY_TOPICS, variant=VARIANTS),
            caption="../report/summary.rst",
            category="Summaries",
        ),
        points=expand("outputs/summaries/{topic}.json", topic=SUMMARY_TOPICS),
        scripts=expand("outputs/summaries/episode.{variant}.txt", variant=VARIANTS),
        chapters=expand("outputs/summaries/{name}.{variant}.chapters.json", name=PODCAST_NAMES, variant=VARIANTS),
    log:
        "logs/summarise.log",
    params:
        summary=config["summary"],
        variants=config["variants"],
        show=config["podcast"]["show"],
        people=config["people"],
        corrections=config["subtitles"]["corrections"],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/summarise.py"


rule cover:
    input:
        dictionaries=variant_dictionaries,
        code=code_and_data("cover"),   # its package code and the files that reads
    output:
        "outputs/covers/{variant}.png",
    log:
        "logs/cover/{variant}.log",
    params:
        show=config["podcast"]["show"],
        variant=lambda w: config["variants"][w.variant],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/cover.py"


# Each episode's artwork: the show's cover with the episode's title (itunes:image per item).
rule episode_cover:
    input:
        dictionaries=variant_dictionaries,
        code=code_and_data("cover"),   # its package code and the files that reads
    output:
        "outputs/podcast/{variant}/{name}.png",
    log:
        "logs/episode_cover/{variant}.{name}.log",
    wildcard_constraints:
        name="|".join(PODCAST_NAMES),
    params:
        show=config["podcast"]["show"],
        variant=lambda w: config["variants"][w.variant],
        episode=lambda w: podcast_tags(w.variant, w.name)["title"],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/cover.py"


# The written variants share one spoken text per voice: it is voiced and encoded once
# ({voicing} = script_variant), then each variant's file only gets its own tags and cover.
rule voice_podcast:
    input:
        script="outputs/summaries/{name}.{voicing}.txt",
        chapters="outputs/summaries/{name}.{voicing}.chapters.json",
        lexicon=config["voice"]["lexicon"],
        code=code_and_data("voice_podcast"),   # its package code and the files that reads
    output:
        audio="outputs/voiced/{voicing}/{name}.mp3",
        timeline="outputs/voiced/{voicing}/{name}.timeline.json",
    log:
        "logs/voice_podcast/{voicing}.{name}.log",
    benchmark:
        "benchmarks/voice_podcast/{voicing}.{name}.tsv"
    wildcard_constraints:
        name="|".join(PODCAST_NAMES),
        voicing="|".join(re.escape(v) for v in VARIANTS),
    threads: config["voice"]["offline"]["threads"]
    resources:
        tts_connections=1 if config["voice"]["engine"] == "edge" else 0,
    retries: 2 if config["voice"]["engine"] == "edge" else 0
    params:
        settings=front_end(config),
        voice=config["voice"],
        narration=config["narration"],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/voice_podcast.py"


rule tag_podcast:
    input:
        audio=lambda w: rules.voice_podcast.output.audio.format(voicing=script_variant(w.variant), name=w.name),
        timeline=lambda w: rules.voice_podcast.output.timeline.format(voicing=script_variant(w.variant), name=w.name),
        cover=rules.cover.output[0],
        dictionaries=variant_dictionaries,   # chapter titles and tags in the variant
        code=code_and_data("tag_podcast"),   # its package code and the files that reads
    output:
        "outputs/podcast/{variant}/{name}.mp3",
    log:
        "logs/tag_podcast/{variant}.{name}.log",
    wildcard_constraints:
        name="|".join(PODCAST_NAMES),
    params:
        tags=lambda w: podcast_tags(w.variant, w.name),
        variant=lambda w: config["variants"][w.variant],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/tag_podcast.py"


# Every episode's subtitles and chapters, one job per variant (they take a second each).
rule podcast_subtitles:
    input:
        scripts=lambda w: expand("outputs/summaries/{name}.{voicing}.txt", name=PODCAST_NAMES, voicing=script_variant(w.variant)),
        chapters=lambda w: expand("outputs/summaries/{name}.{voicing}.chapters.json", name=PODCAST_NAMES, voicing=script_variant(w.variant)),
        timelines=lambda w: expand(rules.voice_podcast.output.timeline, name=PODCAST_NAMES, voicing=script_variant(w.variant)),
        dictionaries=variant_dictionaries,
        code=code_and_data("podcast_subtitles"),   # its package code and the files that reads
    output:
        srt=expand("outputs/podcast/{{variant}}/{name}.srt", name=PODCAST_NAMES),
        vtt=expand("outputs/podcast/{{variant}}/{name}.vtt", name=PODCAST_NAMES),
        chapters=expand("outputs/podcast/{{variant}}/{name}.chapters.json", name=PODCAST_NAMES),
    log:
        "logs/podcast_subtitles/{variant}.log",
    params:
        settings=subtitle_settings(config),
        variant=lambda w: config["variants"][w.variant],
        srt=config["subtitles"]["srt"],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/podcast_subtitles.py"


rule feed:
    input:
        audio=lambda w: expand(rules.tag_podcast.output[0], variant=w.variant, name=PODCAST_NAMES),
        notes=lambda w: expand("outputs/summaries/{topic}.{variant}.md", topic=SUMMARY_TOPICS, variant=w.variant),
        summaries=rules.summarise.output.points,
        srt=rules.podcast_subtitles.output.srt,
        vtt=rules.podcast_subtitles.output.vtt,
        chapters=rules.podcast_subtitles.output.chapters,
        cover=rules.cover.output[0],
        artwork=lambda w: expand(rules.episode_cover.output[0], variant=w.variant, name=PODCAST_NAMES),
        dictionaries=variant_dictionaries,
        code=code_and_data("feed"),   # its package code and the files that reads
    output:
        feed="outputs/podcast/{variant}/feed.xml",
        cover="outputs/podcast/{variant}/cover.png",   # published next to the feed that names it
    log:
        "logs/feed/{variant}.log",
    params:
        show=config["podcast"]["show"],
        variant=lambda w: config["variants"][w.variant],
        base_url=config["podcast"]["base_url"],
        titles=lambda w: [podcast_tags(w.variant, name)["title"] for name in PODCAST_NAMES],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/feed.py"


# The HTML report embeds what it shows: a 30-second, 32 kbps preview of each distinct voiced
# file (the written variants share their audio), not 20 full MP3s (~70 MB).
rule audio_preview:
    input:
        "outputs/{kind}/{path}.mp3",
        code=code_and_data("audio_preview"),   # its package code and the files that reads
    output:
        report(
            "outputs/previews/{kind}/{path}.mp3",
            caption="../report/episode.rst",
            category="Listen (previews)",
            subcategory="{kind}",
        ),
    log:
        "logs/audio_preview/{kind}/{path}.log",
    wildcard_constraints:
        kind="voiced|narration",
    params:
        seconds=30,
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/audio_preview.py"
