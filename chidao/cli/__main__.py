from chidao.cli import main

main()
