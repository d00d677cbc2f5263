//! Throughput of the CJK analyzers beside tantivy's default tokenizer (which does not segment
//! CJK at all: a baseline for cost, not for quality), on news-style paragraphs in Japanese,
//! Chinese and Korean, each repeated to about 256 KB and analysed one 2 KB article at a time.
//!
//!     bash tools/ja-dict/setup.sh && cargo bench -p arshif-analysis --bench cjk
//!
//! Results are recorded in BENCHMARKS.md.

use std::hint::black_box;

use arshif_analysis::cjk::bigram::cjk_bigram_analyzer;
use arshif_analysis::cjk::chinese::chinese_analyzer;
use arshif_analysis::cjk::japanese::{dictionary_path, lindera_analyzer};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};

const JAPANESE: &str = "アルメニアとアゼルバイジャンの国境で衝突が発生した。両国の国防省によると、\
兵士少なくとも三人が死亡し、複数の負傷者が出ている。アルメニアのパシニャン首相は緊急の安全保障会議を\
招集し、ロシアと欧州連合（ＥＵ）に仲介を求めた。アゼルバイジャン外務省は声明で、アルメニア側が先に\
発砲したと主張している。ナゴルノ・カラバフ地域をめぐる紛争は、２０２０年の戦争以降も緊張が続いている。\
国連のグテーレス事務総長は双方に自制を呼びかけた。\n";

const CHINESE: &str =
    "亚美尼亚和阿塞拜疆在边境地区发生冲突，双方均称对方先开火。据两国国防部消息，\
至少三名士兵死亡，多人受伤。亚美尼亚总理帕希尼扬召开紧急安全会议，并呼吁俄罗斯和欧洲联盟进行调解。\
阿塞拜疆外交部在声明中指责亚美尼亚违反停火协议。联合国秘书长古特雷斯呼吁双方保持克制，通过谈判解决\
纳戈尔诺－卡拉巴赫问题。\n";

const KOREAN: &str =
    "아르메니아와 아제르바이잔 국경에서 무력 충돌이 발생했다. 양국 국방부에 따르면 \
최소 세 명의 군인이 숨지고 여러 명이 다쳤다. 아르메니아의 파시냔 총리는 긴급 안보회의를 소집하고 \
러시아와 유럽연합에 중재를 요청했다. 유엔 사무총장은 양측에 자제를 촉구했다.\n";

/// `paragraph` repeated into articles of about 2 KB, about 256 KB in all.
fn articles(paragraph: &str) -> Vec<String> {
    let article = paragraph.repeat(2048 / paragraph.len() + 1);
    vec![article; (256 << 10) / (2048 + paragraph.len())]
}

/// tantivy's `default` tokenizer, as `TokenizerManager::default()` registers it.
fn tantivy_default() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build()
}

fn count(analyzer: &mut TextAnalyzer, articles: &[String]) -> usize {
    let mut n = 0;
    for text in articles {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            n += stream.token().text.len();
        }
    }
    n
}

/// A language, its sample paragraph, and the analyzers to run on it.
type Case = (
    &'static str,
    &'static str,
    Vec<(&'static str, TextAnalyzer)>,
);

fn bench(c: &mut Criterion) {
    let dictionary = dictionary_path(None)
        .expect("no Japanese dictionary: run `bash tools/ja-dict/setup.sh` first");
    let lindera = lindera_analyzer(&dictionary).expect("the dictionary loads");
    let cases: [Case; 3] = [
        (
            "japanese",
            JAPANESE,
            vec![
                ("lindera", lindera),
                ("bigram", cjk_bigram_analyzer()),
                ("tantivy-default", tantivy_default()),
            ],
        ),
        (
            "chinese",
            CHINESE,
            vec![
                ("jieba", chinese_analyzer()),
                ("bigram", cjk_bigram_analyzer()),
                ("tantivy-default", tantivy_default()),
            ],
        ),
        (
            "korean",
            KOREAN,
            vec![
                ("bigram", cjk_bigram_analyzer()),
                ("tantivy-default", tantivy_default()),
            ],
        ),
    ];
    for (language, paragraph, analyzers) in cases {
        let texts = articles(paragraph);
        let bytes: usize = texts.iter().map(String::len).sum();
        let mut group = c.benchmark_group(language);
        group.throughput(Throughput::Bytes(bytes as u64));
        group.sample_size(10);
        for (name, mut analyzer) in analyzers {
            group.bench_function(name, |b| b.iter(|| count(&mut analyzer, black_box(&texts))));
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
