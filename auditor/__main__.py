from auditor.entry import console

console()
