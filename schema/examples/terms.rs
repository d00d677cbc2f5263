//! Prints the terms of both views for each argument (or each line of standard input):
//!
//!     cargo run -p arshif-schema --example terms -- لأوكرانيا الأرمينية
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lines: Vec<String> = if args.is_empty() {
        std::io::stdin().lines().map_while(Result::ok).collect()
    } else {
        args
    };
    for line in lines {
        let stemmed = arshif_schema::analyzers::terms(&line).join(" ");
        let exact = arshif_analysis::exact_terms(&line).join(" ");
        println!("{line}\t{stemmed}\t{exact}");
    }
}
