"""`make bench`: every benchmark in turn."""
from bench import bench_pages, bench_queries

if __name__ == "__main__":
    bench_queries.main()
    bench_pages.main()
